/**
 * Payments: paying an order through a {@link io.bodega.payments.PaymentGateway} (the built-in {@code test_card} for
 * now), and the signed webhooks through which a gateway reports payments that complete later. A database constraint
 * makes paying an order twice impossible.
 */
@ApplicationModule(allowedDependencies = {"shared", "ordering"})
package io.bodega.payments;

import org.springframework.modulith.ApplicationModule;

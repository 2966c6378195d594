/**
 * Payments: paying an order through a {@link io.bodega.payments.PaymentGateway} (the
 * built-in {@code test_card} for now), the signed webhooks through which a gateway
 * reports payments that complete later, and refunds: when a paid order is cancelled or
 * refunded (it listens to ordering's events), or when a payment succeeds too late for its
 * order. A database constraint makes paying an order twice impossible. A payment is
 * recorded before its card is charged and completed afterwards (by the request, a webhook
 * or the reconciliation job), so no charge is ever without its record.
 */
@ApplicationModule(allowedDependencies = { "shared", "ordering" })
package io.bodega.payments;

import org.springframework.modulith.ApplicationModule;

/**
 * Payments: paying an order through a {@link io.bodega.payments.PaymentGateway} (the
 * built-in {@code test_card} for now), the signed webhooks through which a gateway
 * reports payments that complete later, and refunds: when a paid order is cancelled or
 * refunded (it listens to ordering's events), or when a payment succeeds too late for its
 * order. A database constraint makes paying an order twice impossible. A payment is
 * recorded before its card is charged and completed afterwards (by the request, a webhook
 * or the reconciliation job), so no charge is ever without its record.
 * <p>
 * Public surface (no other module calls into payments: the event log listens to its
 * event, and clients use its HTTP routes):
 * <ul>
 * <li>{@link io.bodega.payments.Payments#complete} — a gateway reports how a charge
 * ended; the entry point of the gateways' webhooks (today only
 * {@code payments.testcard});</li>
 * <li>{@link io.bodega.payments.PaymentGateway} with its {@code Charge} and
 * {@code Refund} records — the seam a payment provider implements;</li>
 * <li>{@link io.bodega.payments.PaymentFailed} — the event of a payment that failed.</li>
 * </ul>
 * Everything else (paying, reconciliation, refunds, the payment views and their
 * controllers) is package-private; {@code payments.testcard} is internal to the module.
 */
@ApplicationModule(allowedDependencies = { "shared", "ordering" })
package io.bodega.payments;

import org.springframework.modulith.ApplicationModule;

package io.bodega.payments;

import java.util.UUID;

import io.bodega.shared.Money;

/**
 * A payment failed: the provider declined it, or it never reached the provider. Published
 * in the transaction that recorded the failure; the order still awaits payment.
 */
public record PaymentFailed(UUID paymentId, UUID orderId, String method, Money amount, String reason) {
}

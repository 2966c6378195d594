package io.bodega.payments.stripe;

import java.util.Objects;
import java.util.UUID;

/**
 * Money Bodega gives back from a captured intent.
 *
 * @param refundId the Bodega refund; its idempotency key and metadata
 * @param paymentId the Bodega payment refunded; metadata
 * @param intentId the Stripe intent refunded
 * @param amount in minor units, positive
 * @param reason why, or {@code null}
 */
public record NewRefund(UUID refundId, UUID paymentId, String intentId, long amount, RefundReason reason) {

	public NewRefund {
		Objects.requireNonNull(refundId, "refundId");
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(intentId, "intentId");
		if (amount <= 0) {
			throw new IllegalArgumentException("amount must be positive");
		}
	}

}

package io.bodega.payments.stripe;

/**
 * A refund as Stripe last answered it.
 *
 * @param id Stripe's id ({@code re_...})
 * @param status its status
 * @param amount the amount given back, in minor units
 * @param currency ISO 4217, lower case
 * @param paymentIntentId the intent refunded
 * @param bodegaRefundId the Bodega refund it was created for (from its metadata)
 * @param failureReason why it failed, or {@code null}
 * @param replayed whether Stripe answered from its idempotency cache
 */
public record StripeRefund(String id, RefundStatus status, long amount, String currency, String paymentIntentId,
		String bodegaRefundId, String failureReason, boolean replayed) {
}

package io.bodega.payments.stripe;

/**
 * A PaymentIntent as Stripe last answered it. Amounts are in minor units (cents).
 *
 * @param id Stripe's id ({@code pi_...})
 * @param status its status
 * @param amount the amount asked for
 * @param amountCapturable what an authorization still holds
 * @param amountReceived what was captured
 * @param currency ISO 4217, lower case
 * @param captureMode automatic or manual capture
 * @param clientSecret what the shopper's browser confirms with; never log it
 * @param latestCharge the id of its latest charge ({@code ch_...}), or {@code null}
 * @param bodegaPaymentId the Bodega payment it was created for (from its metadata)
 * @param lastErrorCode why the last attempt failed, or {@code null}
 * @param replayed whether Stripe answered from its idempotency cache
 */
public record StripeIntent(String id, IntentStatus status, long amount, long amountCapturable, long amountReceived,
		String currency, CaptureMode captureMode, String clientSecret, String latestCharge, String bodegaPaymentId,
		String lastErrorCode, boolean replayed) {

	/** Keeps the client secret out of logs. */
	@Override
	public String toString() {
		return "StripeIntent[id=" + id + ", status=" + status + ", amount=" + amount + ", amountCapturable="
				+ amountCapturable + ", amountReceived=" + amountReceived + ", currency=" + currency + ", captureMode="
				+ captureMode + ", latestCharge=" + latestCharge + ", bodegaPaymentId=" + bodegaPaymentId
				+ ", lastErrorCode=" + lastErrorCode + ", replayed=" + replayed + "]";
	}

}

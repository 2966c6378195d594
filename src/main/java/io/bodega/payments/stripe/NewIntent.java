package io.bodega.payments.stripe;

import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * What Bodega asks Stripe to collect for one payment of one order.
 *
 * @param paymentId the Bodega payment; its idempotency key and metadata
 * @param orderId the order paid; metadata
 * @param amount in minor units, positive
 * @param currency ISO 4217 (stored lower case, as Stripe answers it)
 * @param capture automatic or manual capture
 */
public record NewIntent(UUID paymentId, UUID orderId, long amount, String currency, CaptureMode capture) {

	public NewIntent {
		Objects.requireNonNull(paymentId, "paymentId");
		Objects.requireNonNull(orderId, "orderId");
		Objects.requireNonNull(capture, "capture");
		if (amount <= 0) {
			throw new IllegalArgumentException("amount must be positive");
		}
		if (currency == null || currency.length() != 3) {
			throw new IllegalArgumentException("currency must be an ISO 4217 code");
		}
		currency = currency.toLowerCase(Locale.ROOT);
	}

}

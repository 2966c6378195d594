package io.bodega.payments;

import java.time.Instant;
import java.util.UUID;

import io.bodega.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A payment attempt as the API shows it; {@code refund} once its money was given back.
 * The status is the database's word, as the API has always shown it.
 */
@Schema(name = "Payment")
record PaymentView(UUID id, UUID orderId, String method, String status, Money amount, @Nullable String cardLast4,
		@Nullable String failureReason, @Nullable RefundView refund, Instant createdAt) {

	/** Money given back for a payment: always its whole amount, for now. */
	@Schema(name = "Refund")
	record RefundView(Money amount, String reason, Instant createdAt) {
	}

}

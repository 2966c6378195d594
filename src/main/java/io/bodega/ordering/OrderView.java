package io.bodega.ordering;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Money;

/**
 * An order as the API shows it. {@code orderToken} is only in the answer to checkout: it
 * lets a guest read and cancel the order ({@code ?token=}) and is stored only as a hash.
 */
@Schema(name = "Order")
public record OrderView(UUID id, String number, String status, String email, List<Line> lines, Totals totals,
		Address shippingAddress, @Nullable String carrier, @Nullable String trackingNumber, Instant createdAt,
		Instant updatedAt, @Nullable Instant expiresAt, @Nullable Instant paidAt, @Nullable Instant shippedAt,
		@Nullable Instant deliveredAt, @Nullable Instant cancelledAt, @Nullable Instant refundedAt,
		@Nullable String orderToken) {

	@Schema(name = "OrderLine")
	public record Line(String sku, String title, int quantity, Money unitPrice, Money lineTotal) {
	}

	@Schema(name = "OrderTotals")
	public record Totals(Money subtotal, Money shipping, Money tax, Money total, Money includedTax) {
	}

	@Schema(name = "Address")
	public record Address(String name, String line1, @Nullable String line2, String city, String postalCode,
			String country) {
	}

	OrderView withToken(String token) {
		return new OrderView(id, number, status, email, lines, totals, shippingAddress, carrier, trackingNumber,
				createdAt, updatedAt, expiresAt, paidAt, shippedAt, deliveredAt, cancelledAt, refundedAt, token);
	}
}

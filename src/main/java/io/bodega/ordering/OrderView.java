package io.bodega.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Money;

/**
 * An order as the API shows it. {@code orderToken} is only in the answer to checkout: it lets a guest read and cancel
 * the order ({@code ?token=}) and is stored only as a hash.
 */
public record OrderView(UUID id, String number, String status, String email, List<Line> lines, Totals totals,
		Address shippingAddress, String carrier, String trackingNumber, Instant createdAt, Instant updatedAt,
		Instant expiresAt, Instant paidAt, Instant shippedAt, Instant deliveredAt, Instant cancelledAt,
		Instant refundedAt, String orderToken) {

	public record Line(String sku, String title, int quantity, Money unitPrice, Money lineTotal) {
	}

	public record Totals(Money subtotal, Money shipping, Money tax, Money total, Money includedTax) {
	}

	public record Address(String name, String line1, String line2, String city, String postalCode, String country) {
	}

	OrderView withToken(String token) {
		return new OrderView(id, number, status, email, lines, totals, shippingAddress, carrier, trackingNumber,
				createdAt, updatedAt, expiresAt, paidAt, shippedAt, deliveredAt, cancelledAt, refundedAt, token);
	}
}

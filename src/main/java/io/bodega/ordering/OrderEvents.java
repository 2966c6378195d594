package io.bodega.ordering;

import java.util.UUID;

import io.bodega.shared.Money;

/** What happened to orders, published in the transaction of the change. */
public final class OrderEvents {

	private OrderEvents() {
	}

	public record OrderPlaced(UUID orderId, String number, UUID userId, String email, Money total) {
	}

	public record OrderPaid(UUID orderId, String number) {
	}

	public record OrderCancelled(UUID orderId, String number, boolean expired) {
	}

	public record OrderShipped(UUID orderId, String number, String carrier, String trackingNumber) {
	}

	public record OrderDelivered(UUID orderId, String number) {
	}

	public record OrderRefunded(UUID orderId, String number) {
	}

}

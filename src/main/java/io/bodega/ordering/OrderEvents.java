package io.bodega.ordering;

import java.util.UUID;

import io.bodega.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * What happened to orders, published in the transaction of the change. Each event carries
 * what a listener tells about the order (its id, number, status, customer, e-mail and
 * total), so that none has to read the order again while the change commits.
 */
public final class OrderEvents {

	private OrderEvents() {
	}

	/**
	 * What every order event tells about its order. The status is the one the event
	 * names: an order that was paid is {@code paid}.
	 */
	public sealed interface OrderEvent
			permits OrderPlaced, OrderPaid, OrderCancelled, OrderShipped, OrderDelivered, OrderRefunded {

		UUID orderId();

		String number();

		OrderStatus status();

		/** The customer's user id; null for a guest's order. */
		@Nullable UUID customerId();

		String email();

		Money total();

	}

	/** {@code userId} is the customer's user id, null for a guest's order. */
	public record OrderPlaced(UUID orderId, String number, @Nullable UUID userId, String email,
			Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.PENDING_PAYMENT;
		}

		@Override
		public @Nullable UUID customerId() {
			return userId;
		}

	}

	public record OrderPaid(UUID orderId, String number, @Nullable UUID customerId, String email,
			Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.PAID;
		}

	}

	/** {@code expired}: cancelled because it was not paid in time, not by anyone. */
	public record OrderCancelled(UUID orderId, String number, boolean expired, @Nullable UUID customerId, String email,
			Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.CANCELLED;
		}

	}

	public record OrderShipped(UUID orderId, String number, String carrier, String trackingNumber,
			@Nullable UUID customerId, String email, Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.SHIPPED;
		}

	}

	public record OrderDelivered(UUID orderId, String number, @Nullable UUID customerId, String email,
			Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.DELIVERED;
		}

	}

	public record OrderRefunded(UUID orderId, String number, @Nullable UUID customerId, String email,
			Money total) implements OrderEvent {

		@Override
		public OrderStatus status() {
			return OrderStatus.REFUNDED;
		}

	}

}

package io.bodega.ordering.orders;

import java.util.Set;
import java.util.UUID;

import io.bodega.ordering.OrderStatus;
import io.bodega.inventory.StockMovement.Reason;
import io.bodega.ordering.OrderEvents.OrderCancelled;
import io.bodega.ordering.OrderEvents.OrderDelivered;
import io.bodega.ordering.OrderEvents.OrderEvent;
import io.bodega.ordering.OrderEvents.OrderPaid;
import io.bodega.ordering.OrderEvents.OrderRefunded;
import io.bodega.ordering.OrderEvents.OrderShipped;
import io.bodega.shared.Money;
import org.jspecify.annotations.Nullable;

/**
 * An order's life: the aggregate that decides every move of its status and refuses
 * illegal ones with {@link InvalidOrderState}. {@link OrderMoves} loads it with its row
 * locked, asks it, then stores the {@link Transition} it answers.
 */
final class Order {

	/** What a move means for the order's stock. */
	enum StockEffect {

		/** reserved units are freed */
		RELEASE,
		/** reserved units leave the shelf */
		COMMIT,
		/** units that had left the shelf come back */
		RESTOCK,
		/** nothing moves */
		NONE

	}

	/**
	 * Everything a move brings about, so that whoever stores it passes nothing by hand:
	 * the status reached (and with it the column that keeps when, and the timeline's
	 * entry), what happens to the stock under which ledger reason, and the event.
	 *
	 * @param reason the stock ledger's reason; null when no stock moves
	 */
	record Transition(OrderStatus status, StockEffect stock, @Nullable Reason reason, OrderEvent event) {

		/** The column that keeps when the order reached its status. */
		String timestampColumn() {
			return switch (status) {
				case PAID -> "paid_at";
				case SHIPPED -> "shipped_at";
				case DELIVERED -> "delivered_at";
				case CANCELLED -> "cancelled_at";
				case REFUNDED -> "refunded_at";
				case PENDING_PAYMENT -> throw new IllegalStateException("No move leads back to pending_payment");
			};
		}

		OrderTimeline.Kind timelineKind() {
			return switch (status) {
				case PAID -> OrderTimeline.Kind.PAID;
				case SHIPPED -> OrderTimeline.Kind.SHIPPED;
				case DELIVERED -> OrderTimeline.Kind.DELIVERED;
				case CANCELLED -> OrderTimeline.Kind.CANCELLED;
				case REFUNDED -> OrderTimeline.Kind.REFUNDED;
				case PENDING_PAYMENT -> throw new IllegalStateException("No move leads back to pending_payment");
			};
		}

		/** The shipment a move to {@code shipped} records; null for every other move. */
		@Nullable OrderShipped shipment() {
			return event instanceof OrderShipped shipped ? shipped : null;
		}

	}

	private final UUID id;

	private final String number;

	private OrderStatus status;

	private final @Nullable UUID customerId;

	private final String email;

	private final Money total;

	Order(UUID id, String number, OrderStatus status, @Nullable UUID customerId, String email, Money total) {
		this.id = id;
		this.number = number;
		this.status = status;
		this.customerId = customerId;
		this.email = email;
		this.total = total;
	}

	UUID id() {
		return id;
	}

	String number() {
		return number;
	}

	OrderStatus status() {
		return status;
	}

	Transition markPaid() {
		moveTo(OrderStatus.PAID);
		// The ledger's reason of a commit is always this one (Inventory.commit).
		return new Transition(status, StockEffect.COMMIT, Reason.ORDER_PAID,
				new OrderPaid(id, number, customerId, email, total));
	}

	/**
	 * Cancelling before payment frees the reservation; after payment the stock comes
	 * back. Not once shipped.
	 */
	Transition cancel() {
		boolean paid = status == OrderStatus.PAID;
		moveTo(OrderStatus.CANCELLED);
		return new Transition(status, paid ? StockEffect.RESTOCK : StockEffect.RELEASE, Reason.ORDER_CANCELLED,
				new OrderCancelled(id, number, false, customerId, email, total));
	}

	/** An unpaid order whose reservation time is up. */
	Transition expire() {
		if (status != OrderStatus.PENDING_PAYMENT) {
			throw new InvalidOrderState(status, OrderStatus.CANCELLED);
		}
		moveTo(OrderStatus.CANCELLED);
		return new Transition(status, StockEffect.RELEASE, Reason.ORDER_EXPIRED,
				new OrderCancelled(id, number, true, customerId, email, total));
	}

	Transition ship(String carrier, String trackingNumber) {
		moveTo(OrderStatus.SHIPPED);
		return new Transition(status, StockEffect.NONE, null,
				new OrderShipped(id, number, carrier, trackingNumber, customerId, email, total));
	}

	Transition deliver() {
		moveTo(OrderStatus.DELIVERED);
		return new Transition(status, StockEffect.NONE, null, new OrderDelivered(id, number, customerId, email, total));
	}

	Transition refund() {
		moveTo(OrderStatus.REFUNDED);
		return new Transition(status, StockEffect.RESTOCK, Reason.ORDER_REFUNDED,
				new OrderRefunded(id, number, customerId, email, total));
	}

	/**
	 * The order state machine. Every move not listed here is refused with 409
	 * {@code invalid_state}: <pre>
	 * pending_payment → paid | cancelled        paid → shipped | cancelled | refunded
	 * shipped → delivered | refunded             delivered → refunded
	 * </pre>
	 */
	private static Set<OrderStatus> next(OrderStatus from) {
		return switch (from) {
			case PENDING_PAYMENT -> Set.of(OrderStatus.PAID, OrderStatus.CANCELLED);
			case PAID -> Set.of(OrderStatus.SHIPPED, OrderStatus.CANCELLED, OrderStatus.REFUNDED);
			case SHIPPED -> Set.of(OrderStatus.DELIVERED, OrderStatus.REFUNDED);
			case DELIVERED -> Set.of(OrderStatus.REFUNDED);
			case CANCELLED, REFUNDED -> Set.of();
		};
	}

	private void moveTo(OrderStatus next) {
		if (!next(status).contains(next)) {
			throw new InvalidOrderState(status, next);
		}
		status = next;
	}

}

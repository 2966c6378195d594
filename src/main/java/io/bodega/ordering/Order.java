package io.bodega.ordering;

import java.util.UUID;

/**
 * An order's life: the aggregate that decides every move of its status and refuses
 * illegal ones with {@link InvalidOrderState}. {@link Ordering} loads it with its row
 * locked, asks it, then stores what it decided and moves the stock it says.
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

	private final UUID id;

	private final String number;

	private OrderStatus status;

	Order(UUID id, String number, OrderStatus status) {
		this.id = id;
		this.number = number;
		this.status = status;
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

	StockEffect markPaid() {
		moveTo(OrderStatus.PAID);
		return StockEffect.COMMIT;
	}

	/**
	 * Cancelling before payment frees the reservation; after payment the stock comes
	 * back. Not once shipped.
	 */
	StockEffect cancel() {
		boolean paid = status == OrderStatus.PAID;
		moveTo(OrderStatus.CANCELLED);
		return paid ? StockEffect.RESTOCK : StockEffect.RELEASE;
	}

	/** An unpaid order whose reservation time is up. */
	StockEffect expire() {
		if (status != OrderStatus.PENDING_PAYMENT) {
			throw new InvalidOrderState(status, OrderStatus.CANCELLED);
		}
		moveTo(OrderStatus.CANCELLED);
		return StockEffect.RELEASE;
	}

	StockEffect ship() {
		moveTo(OrderStatus.SHIPPED);
		return StockEffect.NONE;
	}

	StockEffect deliver() {
		moveTo(OrderStatus.DELIVERED);
		return StockEffect.NONE;
	}

	StockEffect refund() {
		moveTo(OrderStatus.REFUNDED);
		return StockEffect.RESTOCK;
	}

	private void moveTo(OrderStatus next) {
		if (!status.next().contains(next)) {
			throw new InvalidOrderState(status, next);
		}
		status = next;
	}

}

package io.bodega.ordering;

import java.util.UUID;

import io.bodega.ordering.orders.OrderAccess;
import io.bodega.ordering.orders.Orders;
import io.bodega.ordering.orders.OrderReader;
import io.bodega.ordering.orders.OrderMoves;
import io.bodega.ordering.orders.OrderTimeline;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Money;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ordering facade: what other modules ask of orders. Payments read and lock an order
 * to charge it and report the charge's outcome; the event log reads what it tells about
 * an order; live updates check who may follow one. Checkout and the other moves of an
 * order are the module's own ({@code Checkout}, {@code OrderMoves}); their consequences
 * reach other modules as {@link OrderEvents}.
 */
@Service
public class Ordering {

	private final OrderAccess access;

	private final Orders orders;

	private final OrderReader reader;

	private final OrderMoves moves;

	private final OrderTimeline timeline;

	Ordering(OrderAccess access, Orders orders, OrderReader reader, OrderMoves moves, OrderTimeline timeline) {
		this.access = access;
		this.orders = orders;
		this.reader = reader;
		this.moves = moves;
		this.timeline = timeline;
	}

	/**
	 * Whether the caller may follow the order (its owner, or whoever holds its token):
	 * the check of {@link #find} alone, one small read, for what only needs the answer;
	 * anyone else gets 404.
	 */
	public void checkAccess(OrderId id, CurrentUser caller, String token) {
		access.require(id.value(), caller, token);
	}

	/** The order, for its owner or for whoever holds its token; anyone else gets 404. */
	public OrderView find(OrderId id, CurrentUser caller, String token) {
		access.require(id.value(), caller, token);
		return reader.load(id.value());
	}

	/** Any order, whoever asks; 404 for an unknown one. */
	public OrderView get(OrderId id) {
		return reader.load(id.value());
	}

	/**
	 * What the event log and webhooks tell about an order: who it is for, where it
	 * stands, what it comes to.
	 */
	public record Brief(UUID id, String number, OrderStatus status, @Nullable UUID customerId, String email,
			Money total) {
	}

	public Brief brief(OrderId id) {
		return orders.brief(id.value());
	}

	/** What a payment needs of an order: for its owner or its token holder, else 404. */
	public record Payable(UUID id, String number, OrderStatus status, Money total) {

		public boolean awaitingPayment() {
			return status == OrderStatus.PENDING_PAYMENT;
		}
	}

	/**
	 * Locks the order for the caller's transaction and answers what a payment needs, so
	 * that the check that it awaits payment and the payment recorded on it commit
	 * together. Payments charge the card only after that commit: the order may be
	 * cancelled or expire during the charge, and payments then refund it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Payable payable(OrderId id, CurrentUser caller, String token) {
		access.require(id.value(), caller, token);
		OrderStatus status = orders.lockedStatus(id.value());
		OrderView order = reader.load(id.value());
		return new Payable(order.id(), order.number(), status, order.totals().total());
	}

	/**
	 * Locks the order for the caller's transaction and answers its status.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public OrderStatus lockedStatus(OrderId id) {
		return orders.lockedStatus(id.value());
	}

	/**
	 * A payment succeeded: the order is paid and its reserved stock leaves the shelf.
	 * Called by payments.
	 */
	@Transactional
	public OrderView markPaid(OrderId id) {
		return moves.markPaid(id.value());
	}

	/**
	 * A payment of the order failed (declined, or never reached its provider): the
	 * order's timeline tells so, in the caller's transaction that records the failure.
	 * The order itself stays as it is. Called by payments.
	 */
	@Transactional
	public void paymentFailed(OrderId id, String reason) {
		timeline.paymentFailed(id.value(), reason);
	}

}

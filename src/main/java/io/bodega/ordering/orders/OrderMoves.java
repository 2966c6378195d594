package io.bodega.ordering.orders;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.OrderView;
import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.ordering.orders.Order.Transition;
import io.bodega.ordering.OrderEvents.OrderShipped;
import io.bodega.shared.CurrentUser;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every move of an order after checkout: the customer's cancel, the staff's cancel, ship,
 * deliver and refund, the payment's outcome, and the expiry of unpaid orders. Each move
 * locks the order row and asks {@link Order} whether it is allowed, so racing moves (pay
 * and cancel at once) end in one consistent state, with the stock ledger moved exactly
 * once; then it is stored, told on the timeline (and, made by staff, in the audit log)
 * and announced, all in the move's transaction.
 */
@Service
public class OrderMoves {

	/**
	 * Who made a move and how it is told: the timeline's actor and reason, and for the
	 * staff's moves the audit log's action.
	 */
	private record Mover(OrderTimeline.Actor actor, @Nullable String reason, @Nullable CurrentUser staff,
			@Nullable String auditAction) {

		static final Mover PAYMENT = new Mover(OrderTimeline.Actor.SYSTEM, null, null, null);

		static final Mover EXPIRY = new Mover(OrderTimeline.Actor.SYSTEM, "expired", null, null);

		static Mover customer(CurrentUser caller, boolean owner) {
			return new Mover(owner ? OrderTimeline.Actor.customer(caller) : OrderTimeline.Actor.guest(), "customer",
					null, null);
		}

		static Mover staff(CurrentUser user, String auditAction, @Nullable String reason) {
			return new Mover(OrderTimeline.Actor.staff(user), reason, user, auditAction);
		}

	}

	private final Orders orders;

	private final OrderAccess access;

	private final OrderReader reader;

	private final OrderTimeline timeline;

	private final Inventory inventory;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	OrderMoves(Orders orders, OrderAccess access, OrderReader reader, OrderTimeline timeline, Inventory inventory,
			AuditLog audit, ApplicationEventPublisher events, JdbcClient jdbc, TransactionTemplate tx) {
		this.orders = orders;
		this.access = access;
		this.reader = reader;
		this.timeline = timeline;
		this.inventory = inventory;
		this.audit = audit;
		this.events = events;
		this.jdbc = jdbc;
		this.tx = tx;
	}

	/** The customer (or the guest holding its token) cancels their order. */
	@Transactional
	public OrderView cancel(UUID id, CurrentUser caller, String token) {
		boolean owner = access.require(id, caller, token);
		move(id, Order::cancel, Mover.customer(caller, owner));
		return reader.load(id);
	}

	/**
	 * Staff cancel an order that is not shipped yet: as the customer's own cancel,
	 * audited, with a paid one refunded.
	 */
	@Transactional
	public OrderView cancelByStaff(UUID id, CurrentUser actor) {
		move(id, Order::cancel, Mover.staff(actor, "order.cancel", "staff"));
		return reader.load(id);
	}

	/** A payment succeeded: the order is paid and its reserved stock leaves the shelf. */
	@Transactional
	public OrderView markPaid(UUID id) {
		move(id, Order::markPaid, Mover.PAYMENT);
		return reader.load(id);
	}

	@Transactional
	public OrderView ship(UUID id, String carrier, String trackingNumber, CurrentUser actor) {
		move(id, order -> order.ship(carrier, trackingNumber), Mover.staff(actor, "order.ship", null));
		return reader.load(id);
	}

	@Transactional
	public OrderView deliver(UUID id, CurrentUser actor) {
		move(id, Order::deliver, Mover.staff(actor, "order.deliver", null));
		return reader.load(id);
	}

	@Transactional
	public OrderView refund(UUID id, CurrentUser actor) {
		move(id, Order::refund, Mover.staff(actor, "order.refund", null));
		return reader.load(id);
	}

	/**
	 * Cancels unpaid orders whose reservation time is up and releases their stock, each
	 * order in a transaction of its own (so the job never holds the stock of many orders
	 * at once, which could deadlock with checkouts). Safe on every node at once: an order
	 * another node is handling is skipped ({@code FOR UPDATE SKIP LOCKED}). Answers how
	 * many it expired.
	 */
	public int expireDue(int batch) {
		List<UUID> due = jdbc.sql("""
				select id from orders where status = 'pending_payment' and expires_at <= now()
				order by expires_at limit ?""").param(batch).query(UUID.class).list();
		int expired = 0;
		for (UUID id : due) {
			expired += Boolean.TRUE.equals(tx.execute(status -> expireIfDue(id))) ? 1 : 0;
		}
		return expired;
	}

	private boolean expireIfDue(UUID id) {
		Optional<UUID> still = jdbc.sql("""
				select id from orders where id = ? and status = 'pending_payment' and expires_at <= now()
				for update skip locked""").param(id).query(UUID.class).optional();
		if (still.isEmpty()) {
			return false;
		}
		move(id, Order::expire, Mover.EXPIRY);
		return true;
	}

	/**
	 * The one way an order moves: lock it, let it decide, store what it decided and move
	 * its stock, tell the timeline (and the audit log, for staff), announce the event.
	 */
	private void move(UUID id, Function<Order, Transition> decision, Mover mover) {
		Order order = orders.lock(id);
		OrderStatus before = order.status();
		Transition transition = decision.apply(order);
		orders.store(id, transition);
		moveStock(id, transition);
		OrderShipped shipment = transition.shipment();
		timeline.record(id, transition.timelineKind(), mover.actor(), shipment == null ? null : shipment.carrier(),
				shipment == null ? null : shipment.trackingNumber(), mover.reason());
		if (mover.auditAction() != null) {
			audit.record(mover.staff(), mover.auditAction(), "order", id.toString(), Map.of("status", before.value()),
					audited(transition));
		}
		events.publishEvent(transition.event());
	}

	/** Moves the order's stock as the transition says, through the ledger. */
	private void moveStock(UUID id, Transition transition) {
		if (transition.stock() == Order.StockEffect.NONE) {
			return;
		}
		Map<String, Integer> quantities = orders.quantities(id);
		String reference = id.toString();
		switch (transition.stock()) {
			case RELEASE -> inventory.release(quantities, transition.reason(), reference);
			case COMMIT -> inventory.commit(quantities, reference);
			case RESTOCK -> inventory.restock(quantities, transition.reason(), reference);
			case NONE -> {
			}
		}
	}

	/** What the audit log keeps of the order after a staff move. */
	private static Map<String, String> audited(Transition transition) {
		OrderShipped shipment = transition.shipment();
		return shipment == null ? Map.of("status", transition.status().value())
				: Map.of("status", transition.status().value(), "carrier", shipment.carrier(), "trackingNumber",
						shipment.trackingNumber());
	}

}

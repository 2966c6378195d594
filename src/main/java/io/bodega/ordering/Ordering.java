package io.bodega.ordering;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.cart.Carts;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockMovement.Reason;
import io.bodega.ordering.OrderEvents.OrderCancelled;
import io.bodega.ordering.OrderEvents.OrderDelivered;
import io.bodega.ordering.OrderEvents.OrderPaid;
import io.bodega.ordering.OrderEvents.OrderPlaced;
import io.bodega.ordering.OrderEvents.OrderRefunded;
import io.bodega.ordering.OrderEvents.OrderShipped;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.db.AdvisoryLocks;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.ClientAddress;
import io.bodega.shared.web.ListPage;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import io.bodega.shared.RateLimited;
import java.util.Locale;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ordering facade. Checkout is one transaction: the cart is locked, its lines and
 * prices are copied into the order, every line's stock is reserved (all or none) and the
 * cart is emptied; any failure leaves none of it. Every later move locks the order row
 * and asks {@link OrderStatus} whether it is allowed, so racing moves (pay and cancel at
 * once) end in one consistent state, with the stock ledger moved exactly once.
 */
@Service
public class Ordering {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Carts carts;

	private final Inventory inventory;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final OrderReader reader;

	private final OrderTimeline timeline;

	private final Duration reservationTtl;

	private final TransactionTemplate tx;

	private final RateLimits rateLimits;

	private final RateLimits.Limit guestCheckoutsPerAddress;

	private final RateLimits.Limit guestCheckoutsPerEmail;

	private final int unpaidOrderLimit;

	Ordering(JdbcClient jdbc, JsonMapper json, Carts carts, Inventory inventory, AuditLog audit,
			ApplicationEventPublisher events, OrderReader reader, OrderTimeline timeline, OrderingProperties properties,
			TransactionTemplate tx, RateLimits rateLimits) {
		this.rateLimits = rateLimits;
		this.unpaidOrderLimit = properties.unpaidOrderLimit();
		this.guestCheckoutsPerAddress = new RateLimits.Limit("guest-checkout-address",
				properties.guestCheckoutAddressLimit(), properties.guestCheckoutWindow(),
				"Too many guest orders from your address; sign in, or try again later");
		this.guestCheckoutsPerEmail = new RateLimits.Limit("guest-checkout-email", properties.guestCheckoutEmailLimit(),
				properties.guestCheckoutWindow(), "Too many guest orders for this e-mail; sign in, or try again later");
		this.tx = tx;
		this.jdbc = jdbc;
		this.json = json;
		this.carts = carts;
		this.inventory = inventory;
		this.audit = audit;
		this.events = events;
		this.reader = reader;
		this.timeline = timeline;
		this.reservationTtl = properties.reservationTtl();
	}

	/**
	 * Places an order from a cart; the answer carries the order's guest token, shown this
	 * once. A few statements however many lines (the cart's lines taken out, their
	 * prices, the order with its lines, the stock), so that checkouts are cheap enough to
	 * hold the stock locks only briefly. A guest's order counts against the guest
	 * checkout limits of its client address and e-mail (reserved stock is what an abuser
	 * would hoard); the count commits with the order, so a checkout that fails counts for
	 * nothing.
	 */
	@Transactional
	public OrderView checkout(CurrentUser caller, String cartId, String email, OrderView.Address address,
			String clientAddress) {
		String buyer = email != null ? email.strip() : caller.email();
		if (caller == null) {
			rateLimits.claim(new RateLimits.Claim(guestCheckoutsPerAddress, ClientAddress.key(clientAddress), null),
					new RateLimits.Claim(guestCheckoutsPerEmail, mailbox(buyer), null));
		}
		else {
			requireRoomForUnpaid(caller);
		}
		Carts.CheckoutCart cart = carts.checkout(cartId, caller);
		UUID id = Ids.newId();
		String token = Ids.newSecret();
		var totals = cart.totals();
		record Placed(String number, Instant createdAt, Instant expiresAt) {
		}
		List<Carts.Line> lines = cart.lines();
		// The order and all its lines in one statement (one round trip, whatever the
		// number of lines).
		Placed placed = jdbc
			.sql("""
					with placed as (
					  insert into orders (id, number, user_id, email, status, token_hash, shipping_address, currency, subtotal,
					                      shipping, tax, included_tax, total, expires_at)
					  values (:id, 'BO-' || lpad(nextval('order_number_seq')::text, 6, '0'), :user, :email, 'pending_payment',
					          :token, cast(:address as jsonb), :currency, :subtotal, :shipping, :tax, :included, :total,
					          now() + make_interval(secs => :ttl))
					  returning id, number, created_at, expires_at),
					timeline as (
					  insert into order_timeline (order_id, at, kind, actor_type, actor_id, actor_email)
					  select id, created_at, 'placed', :actorType, :user, :actorEmail from placed),
					lines as (
					  insert into order_lines (order_id, position, sku, title, quantity, unit_price, line_total)
					  select placed.id, l.n - 1, l.sku, l.title, l.quantity, l.unit_price, l.line_total
					  from placed,
					       unnest(cast(:skus as text[]), cast(:titles as text[]), cast(:quantities as integer[]),
					              cast(:prices as bigint[]), cast(:totals as bigint[]))
					       with ordinality as l (sku, title, quantity, unit_price, line_total, n))
					select number, created_at, expires_at from placed""")
			.param("id", id)
			.param("user", caller == null ? null : caller.id())
			.param("email", buyer)
			.param("actorType", caller == null ? "guest" : "customer")
			.param("actorEmail", caller == null ? buyer : caller.email())
			.param("token", Hashes.sha256(token))
			.param("address", json.writeValueAsString(address))
			.param("currency", totals.total().currency())
			.param("subtotal", totals.subtotal().amount())
			.param("shipping", totals.shipping().amount())
			.param("tax", totals.tax().amount())
			.param("included", totals.includedTax().amount())
			.param("total", totals.total().amount())
			.param("ttl", (double) reservationTtl.toSeconds())
			.param("skus", lines.stream().map(Carts.Line::sku).toArray(String[]::new))
			.param("titles", lines.stream().map(Carts.Line::title).toArray(String[]::new))
			.param("quantities", lines.stream().map(Carts.Line::quantity).toArray(Integer[]::new))
			.param("prices", lines.stream().map(l -> l.unitPrice().amount()).toArray(Long[]::new))
			.param("totals", lines.stream().map(l -> l.lineTotal().amount()).toArray(Long[]::new))
			.query((rs, n) -> new Placed(rs.getString(1), rs.getTimestamp(2).toInstant(),
					rs.getTimestamp(3).toInstant()))
			.single();
		// Published (its publications stored) before the stock is locked: if the stock is
		// short, all of it rolls back.
		events.publishEvent(
				new OrderPlaced(id, placed.number(), caller == null ? null : caller.id(), buyer, totals.total()));
		// The stock last: its row locks are what racing buyers of the same SKUs queue on,
		// so they are held only from
		// here to the commit.
		Map<String, Integer> quantities = new LinkedHashMap<>();
		lines.forEach(line -> quantities.put(line.sku(), line.quantity()));
		inventory.reserve(quantities, id.toString());
		List<OrderView.Line> orderLines = lines.stream()
			.map(l -> new OrderView.Line(l.sku(), l.title(), l.quantity(), l.unitPrice(), l.lineTotal()))
			.toList();
		return new OrderView(id, placed.number(), OrderStatus.PENDING_PAYMENT.value(), buyer, orderLines,
				new OrderView.Totals(totals.subtotal(), totals.shipping(), totals.tax(), totals.total(),
						totals.includedTax()),
				address, null, null, placed.createdAt(), placed.createdAt(), placed.expiresAt(), null, null, null, null,
				null, token);
	}

	/**
	 * The mailbox an e-mail address reaches, as guest checkouts are counted: case does
	 * not matter, and neither does a {@code +tag} in the local part, which most providers
	 * deliver to the same mailbox.
	 */
	static String mailbox(String email) {
		String lower = email.strip().toLowerCase(Locale.ROOT);
		int at = lower.lastIndexOf('@');
		int plus = lower.indexOf('+');
		return plus > 0 && plus < at ? lower.substring(0, plus) + lower.substring(at) : lower;
	}

	/**
	 * A customer may hold at most {@code BODEGA_UNPAID_ORDER_LIMIT} unpaid orders at
	 * once: each holds stock until it is paid or expires, so an account could otherwise
	 * hoard stock without end. Counted under a lock on the customer for the checkout's
	 * transaction, so racing checkouts cannot pass it together; past it, 429 until the
	 * oldest expires.
	 */
	private void requireRoomForUnpaid(CurrentUser caller) {
		if (unpaidOrderLimit <= 0) {
			return;
		}
		AdvisoryLocks.lockForTransaction(jdbc, "unpaid-orders\n" + caller.id());
		record Unpaid(long count, double secondsLeft) {
		}
		Unpaid unpaid = jdbc.sql("""
				select count(*), coalesce(extract(epoch from min(expires_at) - now()), 0) from orders
				where user_id = ? and status = 'pending_payment'""")
			.param(caller.id())
			.query((rs, n) -> new Unpaid(rs.getLong(1), rs.getDouble(2)))
			.single();
		if (unpaid.count() >= unpaidOrderLimit) {
			throw new RateLimited(
					"You have " + unpaid.count() + " unpaid orders: pay or cancel one " + "before ordering again",
					Duration.ofSeconds((long) Math.ceil(Math.max(1, unpaid.secondsLeft()))));
		}
	}

	/**
	 * Whether the caller may follow the order (its owner, or whoever holds its token):
	 * the check of {@link #find} alone, one small read, for what only needs the answer;
	 * anyone else gets 404.
	 */
	public void checkAccess(UUID id, CurrentUser caller, String token) {
		requireAccess(id, caller, token);
	}

	/** The order, for its owner or for whoever holds its token; anyone else gets 404. */
	public OrderView find(UUID id, CurrentUser caller, String token) {
		requireAccess(id, caller, token);
		return load(id);
	}

	/** The caller's orders, newest first. */
	public ListPage<OrderView> mine(CurrentUser caller, int limit, String cursor) {
		return reader.page(OrderFilter.ofUser(caller.id()), limit, cursor);
	}

	/** Every order the filter selects, newest first (admins). */
	ListPage<OrderView> all(OrderFilter filter, int limit, String cursor) {
		return reader.page(filter, limit, cursor);
	}

	public OrderView get(UUID id) {
		return load(id);
	}

	/**
	 * What the event log and webhooks tell about an order: who it is for, where it
	 * stands, what it comes to.
	 */
	public record Brief(UUID id, String number, OrderStatus status, @Nullable UUID customerId, String email,
			Money total) {
	}

	public Brief brief(UUID id) {
		return jdbc.sql("select id, number, status, user_id, email, total, currency from orders where id = ?")
			.param(id)
			.query((rs, n) -> new Brief(rs.getObject(1, UUID.class), rs.getString(2), OrderStatus.of(rs.getString(3)),
					rs.getObject(4, UUID.class), rs.getString(5), Money.of(rs.getLong(6), rs.getString(7))))
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	@Transactional
	public OrderView cancel(UUID id, CurrentUser caller, String token) {
		boolean owner = requireAccess(id, caller, token);
		Order order = lock(id);
		apply(order, order.cancel(), "cancelled_at", Reason.ORDER_CANCELLED);
		timeline.record(id, OrderTimeline.Kind.CANCELLED,
				owner ? OrderTimeline.Actor.customer(caller) : OrderTimeline.Actor.guest(), null, null, "customer");
		events.publishEvent(new OrderCancelled(id, order.number(), false));
		return load(id);
	}

	/**
	 * Staff cancel an order that is not shipped yet: as the customer's own cancel,
	 * audited, with a paid one refunded.
	 */
	@Transactional
	public OrderView cancelByStaff(UUID id, CurrentUser actor) {
		Order order = lock(id);
		OrderStatus before = order.status();
		apply(order, order.cancel(), "cancelled_at", Reason.ORDER_CANCELLED);
		timeline.record(id, OrderTimeline.Kind.CANCELLED, OrderTimeline.Actor.staff(actor), null, null, "staff");
		audit.record(actor, "order.cancel", "order", id.toString(), Map.of("status", before.value()),
				Map.of("status", "cancelled"));
		events.publishEvent(new OrderCancelled(id, order.number(), false));
		return load(id);
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
	public Payable payable(UUID id, CurrentUser caller, String token) {
		requireAccess(id, caller, token);
		lock(id);
		OrderView order = load(id);
		return new Payable(order.id(), order.number(), OrderStatus.of(order.status()), order.totals().total());
	}

	/**
	 * Locks the order for the caller's transaction and answers its status.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public OrderStatus lockedStatus(UUID id) {
		return lock(id).status();
	}

	/**
	 * A payment succeeded: the order is paid and its reserved stock leaves the shelf.
	 * Called by payments.
	 */
	@Transactional
	public OrderView markPaid(UUID id) {
		Order order = lock(id);
		apply(order, order.markPaid(), "paid_at", Reason.ORDER_PAID);
		timeline.record(id, OrderTimeline.Kind.PAID, OrderTimeline.Actor.SYSTEM, null, null, null);
		events.publishEvent(new OrderPaid(id, order.number()));
		return load(id);
	}

	/**
	 * A payment of the order failed (declined, or never reached its provider): the
	 * order's timeline tells so, in the caller's transaction that records the failure.
	 * The order itself stays as it is. Called by payments.
	 */
	@Transactional
	public void paymentFailed(UUID id, String reason) {
		timeline.record(id, OrderTimeline.Kind.PAYMENT_FAILED, OrderTimeline.Actor.SYSTEM, null, null, reason);
	}

	@Transactional
	public OrderView ship(UUID id, String carrier, String trackingNumber, CurrentUser actor) {
		Order order = lock(id);
		OrderStatus before = order.status();
		apply(order, order.ship(), "shipped_at", null);
		jdbc.sql("update orders set carrier = ?, tracking_number = ? where id = ?")
			.params(carrier, trackingNumber, id)
			.update();
		timeline.record(id, OrderTimeline.Kind.SHIPPED, OrderTimeline.Actor.staff(actor), carrier, trackingNumber,
				null);
		audit.record(actor, "order.ship", "order", id.toString(), Map.of("status", before.value()),
				Map.of("status", "shipped", "carrier", carrier, "trackingNumber", trackingNumber));
		events.publishEvent(new OrderShipped(id, order.number(), carrier, trackingNumber));
		return load(id);
	}

	@Transactional
	public OrderView deliver(UUID id, CurrentUser actor) {
		Order order = lock(id);
		OrderStatus before = order.status();
		apply(order, order.deliver(), "delivered_at", null);
		timeline.record(id, OrderTimeline.Kind.DELIVERED, OrderTimeline.Actor.staff(actor), null, null, null);
		audit.record(actor, "order.deliver", "order", id.toString(), Map.of("status", before.value()),
				Map.of("status", "delivered"));
		events.publishEvent(new OrderDelivered(id, order.number()));
		return load(id);
	}

	@Transactional
	public OrderView refund(UUID id, CurrentUser actor) {
		Order order = lock(id);
		OrderStatus before = order.status();
		apply(order, order.refund(), "refunded_at", Reason.ORDER_REFUNDED);
		timeline.record(id, OrderTimeline.Kind.REFUNDED, OrderTimeline.Actor.staff(actor), null, null, null);
		audit.record(actor, "order.refund", "order", id.toString(), Map.of("status", before.value()),
				Map.of("status", "refunded"));
		events.publishEvent(new OrderRefunded(id, order.number()));
		return load(id);
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
			Boolean done = tx.execute(status -> {
				Optional<UUID> still = jdbc.sql("""
						select id from orders where id = ? and status = 'pending_payment' and expires_at <= now()
						for update skip locked""").param(id).query(UUID.class).optional();
				if (still.isEmpty()) {
					return false;
				}
				Order order = lock(id);
				apply(order, order.expire(), "cancelled_at", Reason.ORDER_EXPIRED);
				timeline.record(id, OrderTimeline.Kind.CANCELLED, OrderTimeline.Actor.SYSTEM, null, null, "expired");
				events.publishEvent(new OrderCancelled(id, order.number(), true));
				return true;
			});
			expired += Boolean.TRUE.equals(done) ? 1 : 0;
		}
		return expired;
	}

	/**
	 * Answers whether the caller is the order's owner (else they hold its token); 404 for
	 * anyone else.
	 */
	private boolean requireAccess(UUID id, CurrentUser caller, String token) {
		record Access(UUID userId, byte[] tokenHash) {
		}
		Optional<Access> access = id == null ? Optional.empty()
				: jdbc.sql("select user_id, token_hash from orders where id = ?")
					.param(id)
					.query((rs, n) -> new Access(rs.getObject(1, UUID.class), rs.getBytes(2)))
					.optional();
		boolean owner = access.isPresent() && caller != null && caller.id().equals(access.get().userId());
		boolean holder = access.isPresent() && token != null && token.length() <= 64
				&& MessageDigest.isEqual(Hashes.sha256(token), access.get().tokenHash());
		if (!owner && !holder) {
			throw new NotFound("The order");
		}
		return owner;
	}

	private Order lock(UUID id) {
		return jdbc.sql("select id, number, status from orders where id = ? for update")
			.param(id)
			.query((rs, n) -> new Order(rs.getObject(1, UUID.class), rs.getString(2), OrderStatus.of(rs.getString(3))))
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	/**
	 * Stores the status the order decided on and moves its stock as the decision says,
	 * through the ledger.
	 */
	private void apply(Order order, Order.StockEffect effect, String timestampColumn, Reason reason) {
		jdbc.sql("update orders set status = ?, " + timestampColumn + " = now(), updated_at = now() where id = ?")
			.params(order.status().value(), order.id())
			.update();
		Map<String, Integer> quantities = effect == Order.StockEffect.NONE ? Map.of() : quantities(order.id());
		String reference = order.id().toString();
		switch (effect) {
			case RELEASE -> inventory.release(quantities, reason, reference);
			case COMMIT -> inventory.commit(quantities, reference);
			case RESTOCK -> inventory.restock(quantities,
					reason == Reason.ORDER_CANCELLED ? Reason.ORDER_CANCELLED : Reason.ORDER_REFUNDED, reference);
			case NONE -> {
			}
		}
	}

	private Map<String, Integer> quantities(UUID id) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		jdbc.sql("select sku, quantity from order_lines where order_id = ? order by position")
			.param(id)
			.query((rs, n) -> quantities.put(rs.getString(1), rs.getInt(2)))
			.list();
		return quantities;
	}

	private OrderView load(UUID id) {
		return reader.load(id);
	}

}

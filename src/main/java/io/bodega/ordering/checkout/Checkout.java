package io.bodega.ordering.checkout;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.OrderView;
import io.bodega.ordering.orders.OrderingProperties;
import io.bodega.cart.Carts;
import io.bodega.inventory.Inventory;
import io.bodega.ordering.OrderEvents.OrderPlaced;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.RateLimited;
import io.bodega.shared.db.AdvisoryLocks;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.ClientAddress;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Checkout, with the limits that keep it from hoarding stock. Checkout is one
 * transaction: the cart is locked, its lines and prices are copied into the order, every
 * line's stock is reserved (all or none) and the cart is emptied; any failure leaves none
 * of it.
 */
@Service
public class Checkout {

	/** What the database gave the new order. */
	private record Placed(String number, Instant createdAt, Instant expiresAt) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Carts carts;

	private final Inventory inventory;

	private final ApplicationEventPublisher events;

	private final RateLimits rateLimits;

	private final RateLimits.Limit guestCheckoutsPerAddress;

	private final RateLimits.Limit guestCheckoutsPerEmail;

	private final int unpaidOrderLimit;

	private final Duration reservationTtl;

	Checkout(JdbcClient jdbc, JsonMapper json, Carts carts, Inventory inventory, ApplicationEventPublisher events,
			RateLimits rateLimits, OrderingProperties properties) {
		this.jdbc = jdbc;
		this.json = json;
		this.carts = carts;
		this.inventory = inventory;
		this.events = events;
		this.rateLimits = rateLimits;
		this.guestCheckoutsPerAddress = new RateLimits.Limit("guest-checkout-address",
				properties.guestCheckoutAddressLimit(), properties.guestCheckoutWindow(),
				"Too many guest orders from your address; sign in, or try again later");
		this.guestCheckoutsPerEmail = new RateLimits.Limit("guest-checkout-email", properties.guestCheckoutEmailLimit(),
				properties.guestCheckoutWindow(), "Too many guest orders for this e-mail; sign in, or try again later");
		this.unpaidOrderLimit = properties.unpaidOrderLimit();
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
		Placed placed = insert(id, token, caller, buyer, address, cart);
		// Published (its publications stored) before the stock is locked: if the stock is
		// short, all of it rolls back.
		events.publishEvent(new OrderPlaced(id, placed.number(), caller == null ? null : caller.id(), buyer,
				cart.totals().total()));
		reserve(id, cart.lines());
		return view(id, placed, buyer, address, cart, token);
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
	 * The order, its timeline's first entry and all its lines in one statement (one round
	 * trip, whatever the number of lines).
	 */
	private Placed insert(UUID id, String token, CurrentUser caller, String buyer, OrderView.Address address,
			Carts.CheckoutCart cart) {
		var totals = cart.totals();
		List<Carts.Line> lines = cart.lines();
		return jdbc
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
	}

	/**
	 * The stock last: its row locks are what racing buyers of the same SKUs queue on, so
	 * they are held only from here to the commit.
	 */
	private void reserve(UUID id, List<Carts.Line> lines) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		lines.forEach(line -> quantities.put(line.sku(), line.quantity()));
		inventory.reserve(quantities, id.toString());
	}

	/** The new order as the API shows it, from what checkout already holds. */
	private static OrderView view(UUID id, Placed placed, String buyer, OrderView.Address address,
			Carts.CheckoutCart cart, String token) {
		var totals = cart.totals();
		List<OrderView.Line> lines = cart.lines()
			.stream()
			.map(l -> new OrderView.Line(l.sku(), l.title(), l.quantity(), l.unitPrice(), l.lineTotal()))
			.toList();
		return new OrderView(id, placed.number(), OrderStatus.PENDING_PAYMENT.value(), buyer, lines,
				new OrderView.Totals(totals.subtotal(), totals.shipping(), totals.tax(), totals.total(),
						totals.includedTax()),
				address, null, null, placed.createdAt(), placed.createdAt(), placed.expiresAt(), null, null, null, null,
				null, token);
	}

}

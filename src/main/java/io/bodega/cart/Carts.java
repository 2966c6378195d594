package io.bodega.cart;

import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.accounts.UserSignedIn;
import io.bodega.catalog.Catalog;
import io.bodega.inventory.InsufficientStock;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import java.time.Duration;
import org.springframework.transaction.annotation.Propagation;

/**
 * The cart facade. Lines hold a SKU and a quantity; prices are read live from the catalog
 * on every look, until checkout snapshots them. A cart bound to a user answers only to
 * that user; any other caller, and any unknown id, gets the same 404. Changes to one cart
 * are serialised by locking its row.
 */
@Service
public class Carts {

	static final int MAX_QUANTITY = 99;
	static final int MAX_LINES = 100;

	/** A cart as the API shows it. */
	@Schema(name = "Cart")
	public record View(String id, List<Line> items, Totals totals, Instant updatedAt) {
	}

	/**
	 * One line; {@code purchasable} is false when its product is no longer on sale (it is
	 * then not in the totals).
	 */
	@Schema(name = "CartLine")
	public record Line(String sku, String title, int quantity, Money unitPrice, Money lineTotal, boolean purchasable) {
	}

	private record Row(String id, UUID userId, Instant updatedAt) {
	}

	/**
	 * A cart as checkout takes it: lines on sale at their current prices, and its totals.
	 */
	public record CheckoutCart(String id, List<Line> lines, Totals totals) {
	}

	private final JdbcClient jdbc;

	private final Catalog catalog;

	private final Inventory inventory;

	private final ApplicationEventPublisher events;

	private final CartProperties rules;

	private final String currency;

	Carts(JdbcClient jdbc, Catalog catalog, Inventory inventory, CartProperties rules,
			ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
		this.catalog = catalog;
		this.inventory = inventory;
		this.rules = rules;
		this.currency = catalog.currency();
	}

	/** How long a cart lives without being touched (and its cookie with it). */
	Duration idleLifetime() {
		return rules.idle();
	}

	@Transactional
	public View create(CurrentUser caller) {
		String id = Ids.newSecret();
		jdbc.sql("insert into carts (id, user_id) values (?, ?)")
			.params(id, caller == null ? null : caller.id())
			.update();
		return view(id);
	}

	public View get(String id, CurrentUser caller) {
		requireAccess(id, caller, false);
		return view(id);
	}

	/**
	 * Adds units of a SKU, to its line if there is one. More than is available is a 409
	 * naming the SKU.
	 */
	@Transactional
	public View add(String id, CurrentUser caller, String sku, int quantity) {
		requireAccess(id, caller, true);
		requireOnSale(sku);
		int current = quantity(id, sku).orElse(0);
		if (current == 0 && lineCount(id) >= MAX_LINES) {
			throw new ValidationFailed("sku", "a cart holds at most " + MAX_LINES + " different items");
		}
		int wanted = current + quantity;
		if (wanted > MAX_QUANTITY) {
			throw new ValidationFailed("quantity",
					"a line holds at most " + MAX_QUANTITY + " units; it has " + current);
		}
		requireAvailable(sku, wanted);
		jdbc.sql("""
				insert into cart_lines (cart_id, sku, quantity) values (:cart, :sku, :quantity)
				on conflict (cart_id, sku) do update set quantity = :quantity""")
			.param("cart", id)
			.param("sku", sku)
			.param("quantity", wanted)
			.update();
		touch(id);
		return changed(id);
	}

	/** Sets a line's quantity; 0 removes the line. */
	@Transactional
	public View setQuantity(String id, CurrentUser caller, String sku, int quantity) {
		requireAccess(id, caller, true);
		if (quantity(id, sku).isEmpty()) {
			throw new NotFound("The cart line");
		}
		if (quantity == 0) {
			return remove(id, caller, sku);
		}
		requireAvailable(sku, quantity);
		jdbc.sql("update cart_lines set quantity = :quantity where cart_id = :cart and sku = :sku")
			.param("quantity", quantity)
			.param("cart", id)
			.param("sku", sku)
			.update();
		touch(id);
		return changed(id);
	}

	/** Removes a line; removing a line that is not there changes nothing. */
	@Transactional
	public View remove(String id, CurrentUser caller, String sku) {
		requireAccess(id, caller, true);
		jdbc.sql("delete from cart_lines where cart_id = ? and sku = ?").params(id, sku).update();
		touch(id);
		return changed(id);
	}

	/**
	 * At sign-in, the guest cart the browser brought along becomes the user's: merged
	 * into the user's latest cart (quantities added, at most 99 a line), or bound to the
	 * user when they have none. The merged cart keeps the line limit: guest lines for
	 * SKUs the cart already holds always merge, new ones only while there is room,
	 * earliest added first; the rest go with the guest cart. Stock is checked at
	 * checkout. Anything else (no cart, an unknown one, someone else's) is ignored:
	 * signing in never fails over a cart.
	 */
	@EventListener
	@Transactional
	void on(UserSignedIn event) {
		String guestId = event.guestCartId();
		if (guestId == null || guestId.length() != 43) {
			return;
		}
		Optional<Row> guest = lock(guestId).filter(r -> r.userId() == null);
		if (guest.isEmpty()) {
			return;
		}
		Optional<String> own = jdbc.sql("""
				select id from carts where user_id = ? and id <> ? order by updated_at desc limit 1 for update""")
			.params(event.userId(), guestId)
			.query(String.class)
			.optional();
		if (own.isEmpty()) {
			jdbc.sql("update carts set user_id = ?, updated_at = now() where id = ?")
				.params(event.userId(), guestId)
				.update();
			return;
		}
		jdbc.sql(
				"""
						with own as (select sku from cart_lines where cart_id = :own),
						     room as (select greatest(0, :lines - count(*)) as n from own),
						     fresh as (select g.sku from cart_lines g
						               where g.cart_id = :guest and g.sku not in (select sku from own)
						               order by g.added_at, g.sku limit (select n from room))
						insert into cart_lines (cart_id, sku, quantity)
						select :own, sku, quantity from cart_lines
						where cart_id = :guest and (sku in (select sku from own) or sku in (select sku from fresh))
						on conflict (cart_id, sku) do update set quantity = least(cart_lines.quantity + excluded.quantity, :max)""")
			.param("own", own.get())
			.param("guest", guestId)
			.param("lines", MAX_LINES)
			.param("max", MAX_QUANTITY)
			.update();
		jdbc.sql("delete from carts where id = ?").param(guestId).update();
		touch(own.get());
		changed(own.get());
	}

	/**
	 * Takes a cart's lines out for an order, in the checkout's transaction: the cart is
	 * locked (until that transaction ends) and emptied, and its lines and totals are
	 * answered. If the order is not placed, the transaction rolls back and the cart keeps
	 * its lines. The lines are taken by a statement of their own after the lock is held:
	 * a checkout that waited for another on the same cart must see the lines as that one
	 * left them (none), not as they were when it began waiting. An empty cart, or one
	 * holding items no longer on sale, is refused naming {@code cartId}.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public CheckoutCart checkout(String id, CurrentUser caller) {
		Optional<Row> row = jdbc
			.sql("update carts set updated_at = now() where id = ? returning id, user_id, updated_at")
			.param(id)
			.query(Carts::row)
			.optional();
		requireAccess(row, caller);
		Map<String, Integer> lines = new LinkedHashMap<>();
		jdbc.sql("""
				with taken as (delete from cart_lines where cart_id = ? returning sku, quantity, added_at)
				select sku, quantity from taken order by added_at, sku""")
			.param(id)
			.query((rs, n) -> lines.put(rs.getString(1), rs.getInt(2)))
			.list();
		View cart = view(row.get(), lines);
		if (cart.items().isEmpty()) {
			throw new ValidationFailed("cartId", "has no items");
		}
		List<String> gone = cart.items().stream().filter(l -> !l.purchasable()).map(Line::sku).toList();
		if (!gone.isEmpty()) {
			throw new ValidationFailed("cartId", "holds items no longer on sale: " + String.join(", ", gone));
		}
		if (row.get().userId() != null) {
			events.publishEvent(new CartChanged(row.get().userId(), 0, Money.of(0, currency)));
		}
		return new CheckoutCart(id, cart.items(), cart.totals());
	}

	private void requireAccess(String id, CurrentUser caller, boolean forUpdate) {
		requireAccess(forUpdate ? lock(id) : find(id), caller);
	}

	private static void requireAccess(Optional<Row> row, CurrentUser caller) {
		boolean allowed = row.isPresent()
				&& (row.get().userId() == null || (caller != null && row.get().userId().equals(caller.id())));
		if (!allowed) {
			throw new NotFound("The cart");
		}
	}

	private Optional<Row> find(String id) {
		return jdbc.sql("select id, user_id, updated_at from carts where id = ?")
			.param(id)
			.query(Carts::row)
			.optional();
	}

	private Optional<Row> lock(String id) {
		return jdbc.sql("select id, user_id, updated_at from carts where id = ? for update")
			.param(id)
			.query(Carts::row)
			.optional();
	}

	/**
	 * Mapped by hand: mapping by class asks the driver for an {@code Instant}, which it
	 * refuses with an exception (caught by Spring, and costly on every cart request).
	 */
	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant());
	}

	private void requireOnSale(String sku) {
		if (catalog.purchasable(sku).filter(Catalog.Purchasable::active).isEmpty()) {
			throw new ValidationFailed("sku", "is not a product on sale");
		}
	}

	private void requireAvailable(String sku, int quantity) {
		int available = inventory.level(sku).map(StockLevel::available).orElse(0);
		if (quantity > available) {
			throw new InsufficientStock(List.of(new InsufficientStock.Shortage(sku, quantity, available)));
		}
	}

	private Optional<Integer> quantity(String id, String sku) {
		return jdbc.sql("select quantity from cart_lines where cart_id = ? and sku = ?")
			.params(id, sku)
			.query(Integer.class)
			.optional();
	}

	private long lineCount(String id) {
		return jdbc.sql("select count(*) from cart_lines where cart_id = ?").param(id).query(Long.class).single();
	}

	private void touch(String id) {
		jdbc.sql("update carts set updated_at = now() where id = ?").param(id).update();
	}

	/** The cart after a change, announced when it is a customer's. */
	private View changed(String id) {
		Row row = find(id).orElseThrow(() -> new NotFound("The cart"));
		View cart = view(row, lines(id));
		if (row.userId() != null) {
			int units = cart.items().stream().mapToInt(Line::quantity).sum();
			events.publishEvent(new CartChanged(row.userId(), units, cart.totals().subtotal()));
		}
		return cart;
	}

	/** The cart with live prices: three statements, whatever the number of lines. */
	private View view(String id) {
		Row row = find(id).orElseThrow(() -> new NotFound("The cart"));
		return view(row, lines(id));
	}

	private Map<String, Integer> lines(String id) {
		Map<String, Integer> lines = new LinkedHashMap<>();
		jdbc.sql("select sku, quantity from cart_lines where cart_id = ? order by added_at, sku")
			.param(id)
			.query((rs, n) -> lines.put(rs.getString(1), rs.getInt(2)))
			.list();
		return lines;
	}

	private View view(Row row, Map<String, Integer> lines) {
		Map<String, Catalog.Purchasable> products = catalog.purchasables(lines.keySet());
		List<Line> items = new ArrayList<>();
		long subtotal = 0;
		for (Map.Entry<String, Integer> line : lines.entrySet()) {
			Catalog.Purchasable product = products.get(line.getKey());
			if (product == null) {
				continue;
			}
			Money lineTotal = product.price().times(line.getValue());
			items.add(new Line(line.getKey(), product.displayTitle(), line.getValue(), product.price(), lineTotal,
					product.active()));
			if (product.active()) {
				subtotal = Math.addExact(subtotal, lineTotal.amount());
			}
		}
		boolean empty = items.stream().noneMatch(Line::purchasable);
		return new View(row.id(), items, Totals.of(Money.of(subtotal, currency), empty, rules), row.updatedAt());
	}

}

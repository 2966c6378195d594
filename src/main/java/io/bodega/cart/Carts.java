package io.bodega.cart;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bodega.cart.CartRows.Row;
import io.bodega.catalog.Catalog;
import io.bodega.inventory.InsufficientStock;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cart facade: other modules take a cart out for an order ({@link #checkout});
 * creating, reading and changing carts is for the cart's own controller. Lines hold a SKU
 * and a quantity; prices are read live from the catalog on every look
 * ({@link CartViews}), until checkout snapshots them. A cart bound to a user answers only
 * to that user; any other caller, and any unknown id, gets the same 404. Changes to one
 * cart are serialised by locking its row.
 */
@Service
public class Carts {

	static final int MAX_QUANTITY = 99;
	static final int MAX_LINES = 100;

	/** A cart as the API shows it. */
	@Schema(name = "Cart")
	record View(String id, List<Line> items, Totals totals, Instant updatedAt) {
	}

	/**
	 * One line; {@code purchasable} is false when its product is no longer on sale (it is
	 * then not in the totals).
	 */
	@Schema(name = "CartLine")
	public record Line(String sku, String title, int quantity, Money unitPrice, Money lineTotal, boolean purchasable) {
	}

	/**
	 * A cart as checkout takes it: lines on sale at their current prices, and its totals.
	 */
	public record CheckoutCart(String id, List<Line> lines, Totals totals) {
	}

	private final JdbcClient jdbc;

	private final CartRows rows;

	private final CartViews views;

	private final Catalog catalog;

	private final Inventory inventory;

	private final CartProperties rules;

	Carts(JdbcClient jdbc, CartRows rows, CartViews views, Catalog catalog, Inventory inventory, CartProperties rules) {
		this.jdbc = jdbc;
		this.rows = rows;
		this.views = views;
		this.catalog = catalog;
		this.inventory = inventory;
		this.rules = rules;
	}

	/** How long a cart lives without being touched (and its cookie with it). */
	Duration idleLifetime() {
		return rules.idle();
	}

	@Transactional
	View create(CurrentUser caller) {
		String id = Ids.newSecret();
		jdbc.sql("insert into carts (id, user_id) values (?, ?)")
			.params(id, caller == null ? null : caller.id())
			.update();
		return views.view(id);
	}

	View get(String id, CurrentUser caller) {
		requireAccess(id, caller, false);
		return views.view(id);
	}

	/**
	 * Adds units of a SKU, to its line if there is one. More than is available is a 409
	 * naming the SKU.
	 */
	@Transactional
	View add(String id, CurrentUser caller, String sku, int quantity) {
		requireAccess(id, caller, true);
		requireOnSale(sku);
		int current = rows.quantity(id, sku).orElse(0);
		if (current == 0 && rows.lineCount(id) >= MAX_LINES) {
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
		rows.touch(id);
		return views.changed(id);
	}

	/** Sets a line's quantity; 0 removes the line. */
	@Transactional
	View setQuantity(String id, CurrentUser caller, String sku, int quantity) {
		requireAccess(id, caller, true);
		if (rows.quantity(id, sku).isEmpty()) {
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
		rows.touch(id);
		return views.changed(id);
	}

	/** Removes a line; removing a line that is not there changes nothing. */
	@Transactional
	View remove(String id, CurrentUser caller, String sku) {
		requireAccess(id, caller, true);
		jdbc.sql("delete from cart_lines where cart_id = ? and sku = ?").params(id, sku).update();
		rows.touch(id);
		return views.changed(id);
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
		Optional<Row> row = rows.touchAndLock(id);
		requireAccess(row, caller);
		Map<String, Integer> lines = new LinkedHashMap<>();
		jdbc.sql("""
				with taken as (delete from cart_lines where cart_id = ? returning sku, quantity, added_at)
				select sku, quantity from taken order by added_at, sku""")
			.param(id)
			.query((rs, n) -> lines.put(rs.getString(1), rs.getInt(2)))
			.list();
		View cart = views.view(row.get(), lines);
		if (cart.items().isEmpty()) {
			throw new ValidationFailed("cartId", "has no items");
		}
		List<String> gone = cart.items().stream().filter(l -> !l.purchasable()).map(Line::sku).toList();
		if (!gone.isEmpty()) {
			throw new ValidationFailed("cartId", "holds items no longer on sale: " + String.join(", ", gone));
		}
		views.emptied(row.get());
		return new CheckoutCart(id, cart.items(), cart.totals());
	}

	private void requireAccess(String id, CurrentUser caller, boolean forUpdate) {
		requireAccess(forUpdate ? rows.lock(id) : rows.find(id), caller);
	}

	private static void requireAccess(Optional<Row> row, CurrentUser caller) {
		boolean allowed = row.isPresent()
				&& (row.get().userId() == null || (caller != null && row.get().userId().equals(caller.id())));
		if (!allowed) {
			throw new NotFound("The cart");
		}
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

}

package io.bodega.cart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.bodega.cart.CartRows.Row;
import io.bodega.cart.Carts.Line;
import io.bodega.cart.Carts.View;
import io.bodega.catalog.Catalog;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * A cart as the API shows it, priced live from the catalog on every look (checkout
 * snapshots the prices), and announced to its customer after every change.
 */
@Component
class CartViews {

	private final CartRows rows;

	private final Catalog catalog;

	private final ApplicationEventPublisher events;

	private final CartProperties rules;

	private final String currency;

	CartViews(CartRows rows, Catalog catalog, ApplicationEventPublisher events, CartProperties rules) {
		this.rows = rows;
		this.catalog = catalog;
		this.events = events;
		this.rules = rules;
		this.currency = catalog.currency();
	}

	/** The cart with live prices: three statements, whatever the number of lines. */
	View view(String id) {
		Row row = rows.find(id).orElseThrow(() -> new NotFound("The cart"));
		return view(row, rows.lines(id));
	}

	/** The cart after a change, announced when it is a customer's. */
	View changed(String id) {
		Row row = rows.find(id).orElseThrow(() -> new NotFound("The cart"));
		View cart = view(row, rows.lines(id));
		if (row.userId() != null) {
			int units = cart.items().stream().mapToInt(Line::quantity).sum();
			events.publishEvent(new CartChanged(row.userId(), units, cart.totals().subtotal()));
		}
		return cart;
	}

	/** A customer's cart emptied by checkout. */
	void emptied(Row row) {
		if (row.userId() != null) {
			events.publishEvent(new CartChanged(row.userId(), 0, Money.of(0, currency)));
		}
	}

	View view(Row row, Map<String, Integer> lines) {
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

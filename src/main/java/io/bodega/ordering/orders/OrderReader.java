package io.bodega.ordering.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.OrderView;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads orders as the API shows them: one, or a page of those an {@link OrderFilter}
 * selects, newest first. Two statements however many orders (the orders, then all their
 * lines).
 */
@Component
public class OrderReader {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Cursors cursors;

	OrderReader(JdbcClient jdbc, JsonMapper json, Cursors cursors) {
		this.jdbc = jdbc;
		this.json = json;
		this.cursors = cursors;
	}

	public OrderView load(UUID id) {
		List<OrderView> found = loadAll(OrderFilter.byId(id), null, null, 1);
		if (found.isEmpty()) {
			throw new NotFound("The order");
		}
		return found.getFirst();
	}

	/**
	 * A page of the orders the filter selects. The cursor carries the position of the
	 * last order shown and is bound to the filter: a cursor from a list with other
	 * filters is refused (400 naming {@code cursor}).
	 */
	public ListPage<OrderView> page(OrderFilter filter, int limit, String cursor) {
		Instant afterAt = null;
		UUID afterId = null;
		String kind = filter.cursorKind();
		if (cursor != null) {
			List<String> position = cursors.decode(kind, cursor);
			afterAt = Instant.parse(position.get(0));
			afterId = UUID.fromString(position.get(1));
		}
		List<OrderView> rows = loadAll(filter, afterAt, afterId, limit + 1);
		return ListPage.of(rows, limit,
				last -> cursors.encode(kind, List.of(last.createdAt().toString(), last.id().toString())));
	}

	private List<OrderView> loadAll(OrderFilter filter, Instant afterAt, UUID afterId, int limit) {
		var statement = jdbc.sql("select * from orders where " + filter.where()
				+ (afterAt == null ? "" : " and (created_at, id) < (:at, :after)")
				+ " order by created_at desc, id desc limit :limit");
		filter.params().forEach(statement::param);
		List<OrderView> orders = statement.param("at", afterAt == null ? null : Timestamp.from(afterAt))
			.param("after", afterId)
			.param("limit", limit)
			.query(this::order)
			.list();
		if (orders.isEmpty()) {
			return orders;
		}
		Map<UUID, List<OrderView.Line>> lines = new HashMap<>();
		jdbc.sql("""
				select o.id, l.sku, l.title, l.quantity, l.unit_price, l.line_total, o.currency
				from order_lines l join orders o on o.id = l.order_id
				where l.order_id = any(?) order by l.order_id, l.position""")
			.param(orders.stream().map(OrderView::id).toArray(UUID[]::new))
			.query((rs, n) -> lines.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
				.add(new OrderView.Line(rs.getString(2), rs.getString(3), rs.getInt(4),
						Money.of(rs.getLong(5), rs.getString(7)), Money.of(rs.getLong(6), rs.getString(7)))))
			.list();
		return orders.stream()
			.map(o -> new OrderView(o.id(), o.number(), o.status(), o.email(), lines.getOrDefault(o.id(), List.of()),
					o.totals(), o.shippingAddress(), o.carrier(), o.trackingNumber(), o.createdAt(), o.updatedAt(),
					o.expiresAt(), o.paidAt(), o.shippedAt(), o.deliveredAt(), o.cancelledAt(), o.refundedAt(), null))
			.toList();
	}

	private OrderView order(ResultSet rs, int row) throws SQLException {
		String currency = rs.getString("currency");
		OrderView.Totals totals = new OrderView.Totals(Money.of(rs.getLong("subtotal"), currency),
				Money.of(rs.getLong("shipping"), currency), Money.of(rs.getLong("tax"), currency),
				Money.of(rs.getLong("total"), currency), Money.of(rs.getLong("included_tax"), currency));
		boolean pending = OrderStatus.of(rs.getString("status")) == OrderStatus.PENDING_PAYMENT;
		return new OrderView(rs.getObject("id", UUID.class), rs.getString("number"), rs.getString("status"),
				rs.getString("email"), List.of(), totals,
				json.readValue(rs.getString("shipping_address"), OrderView.Address.class), rs.getString("carrier"),
				rs.getString("tracking_number"), instant(rs, "created_at"), instant(rs, "updated_at"),
				pending ? instant(rs, "expires_at") : null, instant(rs, "paid_at"), instant(rs, "shipped_at"),
				instant(rs, "delivered_at"), instant(rs, "cancelled_at"), instant(rs, "refunded_at"), null);
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return value == null ? null : value.toInstant();
	}

}

package io.bodega.ordering.orders;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.Ordering.Brief;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The order rows as the {@link Order} aggregate sees them: loaded with the row locked,
 * stored as a {@link Order.Transition} says.
 */
@Component
public class Orders {

	private final JdbcClient jdbc;

	Orders(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * An order's id as the routes take it, in their path: 404 for text that is not an id,
	 * as for an unknown order.
	 */
	public static UUID idOf(String text) {
		return Ids.require(text, "The order");
	}

	/**
	 * The order with its row locked for the caller's transaction, so that racing moves
	 * (pay and cancel at once) queue and each sees where the other left it.
	 */
	Order lock(UUID id) {
		Brief row = read(id, " for update");
		return new Order(row.id(), row.number(), row.status(), row.customerId(), row.email(), row.total());
	}

	/** Locks the order for the caller's transaction and answers its status. */
	public OrderStatus lockedStatus(UUID id) {
		return lock(id).status();
	}

	/** The order as the event log and webhooks tell it, read without a lock. */
	public Brief brief(UUID id) {
		return read(id, "");
	}

	/**
	 * The one read of an order's row both {@link #lock} and {@link #brief} answer from.
	 */
	private Brief read(UUID id, String lock) {
		return jdbc.sql("select id, number, status, user_id, email, total, currency from orders where id = ?" + lock)
			.param(id)
			.query((rs, n) -> new Brief(rs.getObject(1, UUID.class), rs.getString(2), OrderStatus.of(rs.getString(3)),
					rs.getObject(4, UUID.class), rs.getString(5), Money.of(rs.getLong(6), rs.getString(7))))
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	/** Stores the status the order reached, when, and a shipment's carrier and number. */
	void store(UUID id, Order.Transition transition) {
		OrderEvents.OrderShipped shipment = transition.shipment();
		jdbc.sql("""
				update orders set status = :status, %s = now(), updated_at = now(),
				  carrier = coalesce(:carrier, carrier), tracking_number = coalesce(:tracking, tracking_number)
				where id = :id""".formatted(transition.timestampColumn()))
			.param("status", transition.status().value())
			.param("carrier", shipment == null ? null : shipment.carrier())
			.param("tracking", shipment == null ? null : shipment.trackingNumber())
			.param("id", id)
			.update();
	}

	/** The units of each SKU the order holds, in the order of its lines. */
	Map<String, Integer> quantities(UUID id) {
		Map<String, Integer> quantities = new LinkedHashMap<>();
		jdbc.sql("select sku, quantity from order_lines where order_id = ? order by position")
			.param(id)
			.query((rs, n) -> quantities.put(rs.getString(1), rs.getInt(2)))
			.list();
		return quantities;
	}

}

package io.bodega.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import io.bodega.audit.AuditLog;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The inventory facade: which SKUs are stocked and how many units of each are on hand and reserved. */
@Service
public class Inventory {

	private final JdbcClient jdbc;
	private final org.springframework.jdbc.core.JdbcTemplate jdbcTemplate;
	private final ApplicationEventPublisher events;
	private final AuditLog audit;

	Inventory(JdbcClient jdbc, org.springframework.jdbc.core.JdbcTemplate jdbcTemplate, ApplicationEventPublisher events,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.events = events;
		this.audit = audit;
	}

	/** Starts keeping stock for a new SKU, in the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public StockLevel track(String sku, int onHand) {
		StockLevel level = jdbc.sql("""
				insert into stock_items (sku, on_hand) values (:sku, :onHand)
				returning sku, on_hand, reserved""")
			.param("sku", sku)
			.param("onHand", onHand)
			.query((rs, n) -> StockLevel.of(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.single();
		events.publishEvent(StockChanged.of(level));
		return level;
	}

	/**
	 * Starts keeping stock for many new SKUs at once (the demo catalog, imports). Announces nothing: nobody can have
	 * seen these SKUs yet, and the caller knows their stock.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void trackAll(java.util.Map<String, Integer> onHandBySku) {
		List<Object[]> rows = onHandBySku.entrySet().stream().map(e -> new Object[] {e.getKey(), e.getValue()}).toList();
		jdbcTemplate.batchUpdate("insert into stock_items (sku, on_hand) values (?, ?)", rows);
	}

	/** Stops keeping stock for a SKU that is being removed; refused while units of it are reserved. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void untrack(String sku) {
		int removed = jdbc.sql("delete from stock_items where sku = ? and reserved = 0").param(sku).update();
		if (removed == 0 && level(sku).isPresent()) {
			throw new Conflict("SKU " + sku + " has reserved units; it can be removed once they are released");
		}
	}

	public Optional<StockLevel> level(String sku) {
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ?")
			.param(sku)
			.query((rs, n) -> StockLevel.of(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.optional();
	}

	public List<StockLevel> levels(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = any(:skus)")
			.param("skus", skus.toArray(String[]::new))
			.query((rs, n) -> StockLevel.of(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.list();
	}

	/**
	 * An admin sets the units on hand. Refused with 409 below what is reserved: those units are promised to orders.
	 */
	@Transactional
	public StockLevel setOnHand(String sku, int onHand, CurrentUser actor) {
		StockLevel before = jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ? for update")
			.param(sku)
			.query((rs, n) -> StockLevel.of(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.optional()
			.orElseThrow(() -> new NotFound("SKU " + sku));
		if (onHand < before.reserved()) {
			throw new Conflict("SKU " + sku + " has " + before.reserved() + " units reserved; onHand cannot go below that");
		}
		jdbc.sql("update stock_items set on_hand = :onHand, updated_at = now() where sku = :sku")
			.param("onHand", onHand)
			.param("sku", sku)
			.update();
		StockLevel after = StockLevel.of(sku, onHand, before.reserved());
		events.publishEvent(StockChanged.of(after));
		audit.record(actor, "inventory.set", "stock", sku, before, after);
		return after;
	}
}

package io.bodega.catalog;

import io.bodega.catalog.product.CatalogChanges;

import java.util.Arrays;
import java.util.UUID;

import io.bodega.inventory.StockChanged;
import io.bodega.inventory.StockLevel;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The availability shown on variants: a read model of the inventory's levels, kept in
 * step by {@link StockChanged} in the transaction that moved the stock.
 */
@Component
class AvailabilityProjection {

	/**
	 * Past this many levels, the products changed are announced one by one from Java
	 * rather than in the update's own statement.
	 */
	private static final int ANNOUNCED_IN_STATEMENT = 200;

	private static final String UPDATE_AVAILABILITY = """
			with changed as (
			  update variants v set available = d.available
			  from unnest(cast(:skus as text[]), cast(:available as integer[])) as d (sku, available)
			  where v.sku = d.sku and v.available <> d.available
			  returning v.product_id)""";

	private final JdbcClient jdbc;

	private final CatalogChanges changes;

	AvailabilityProjection(JdbcClient jdbc, CatalogChanges changes) {
		this.jdbc = jdbc;
		this.changes = changes;
	}

	/**
	 * Announces the products it changed in the same statement: this runs in every
	 * checkout, while the stock is locked.
	 */
	@EventListener
	void on(StockChanged event) {
		boolean announceHere = event.levels().size() <= ANNOUNCED_IN_STATEMENT;
		var update = jdbc
			.sql(UPDATE_AVAILABILITY
					+ (announceHere ? CatalogChanges.NOTIFY_CHANGED : " select product_id::text from changed"))
			.param("skus", event.levels().stream().map(StockLevel::sku).toArray(String[]::new))
			.param("available", event.levels().stream().map(StockLevel::available).toArray(Integer[]::new))
			.query((rs, n) -> rs.getString(1));
		if (announceHere) {
			update.optional()
				.ifPresent(
						ids -> changes.productsAnnounced(Arrays.stream(ids.split(",")).map(UUID::fromString).toList()));
		}
		else {
			update.list().forEach(id -> changes.productChanged(UUID.fromString(id)));
		}
	}

}

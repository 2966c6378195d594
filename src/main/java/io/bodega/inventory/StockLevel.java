package io.bodega.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The stock of one SKU; {@code available} is {@code onHand - reserved}, never below 0.
 */
public record StockLevel(String sku, int onHand, int reserved, int available) {

	static StockLevel of(String sku, int onHand, int reserved) {
		return new StockLevel(sku, onHand, reserved, Math.max(0, onHand - reserved));
	}

	/**
	 * A row of {@code stock_items} with its {@code sku}, {@code on_hand} and
	 * {@code reserved}.
	 */
	static StockLevel of(ResultSet rs, int row) throws SQLException {
		return of(rs.getString("sku"), rs.getInt("on_hand"), rs.getInt("reserved"));
	}
}

package io.bodega.inventory;

import java.util.List;
import java.util.Map;

/**
 * The stock of some SKUs changed (all those one movement touched, such as every line of
 * an order); published in the transaction that changed it, with their new levels and the
 * units each had available before (none for a SKU that was not stocked before).
 */
public record StockChanged(List<StockLevel> levels, Map<String, Integer> availableBefore) {

	/**
	 * Whether the units available of this level moved: what a shopper sees. Paying an
	 * order takes its reserved units off the shelf, moving on hand and reserved alike,
	 * and leaves them as they were.
	 */
	public boolean availabilityMoved(StockLevel level) {
		Integer before = availableBefore.get(level.sku());
		return before == null || before != level.available();
	}
}

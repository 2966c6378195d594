package io.bodega.inventory;

import java.util.List;

/**
 * The stock of some SKUs changed (all those one movement touched, such as every line of an order); published in the
 * transaction that changed it, with their new levels.
 */
public record StockChanged(List<StockLevel> levels) {
}

package io.bodega.inventory;

/**
 * The stock of one SKU; {@code available} is {@code onHand - reserved}, never below 0.
 */
public record StockLevel(String sku, int onHand, int reserved, int available) {

	static StockLevel of(String sku, int onHand, int reserved) {
		return new StockLevel(sku, onHand, reserved, Math.max(0, onHand - reserved));
	}
}

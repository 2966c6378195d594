package io.bodega.inventory;

/** The stock of a SKU changed; published in the transaction that changed it. */
public record StockChanged(String sku, int onHand, int reserved, int available) {

	static StockChanged of(StockLevel level) {
		return new StockChanged(level.sku(), level.onHand(), level.reserved(), level.available());
	}
}

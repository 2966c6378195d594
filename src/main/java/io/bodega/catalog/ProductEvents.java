package io.bodega.catalog;

import java.util.UUID;

/** What happened to products, published in the transaction of the change. */
public final class ProductEvents {

	private ProductEvents() {
	}

	/** A product was made (through the API or a CSV import). */
	public record ProductCreated(UUID id, String slug, String title, String status) {
	}

	/**
	 * A product, its variants or its images were changed by staff (through the API or a
	 * CSV import), archiving included. Changes of availability are
	 * {@code inventory.StockChanged}, not this.
	 */
	public record ProductUpdated(UUID id, String slug, String title, String status) {
	}

}

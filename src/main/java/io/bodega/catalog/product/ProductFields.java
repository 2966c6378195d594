package io.bodega.catalog.product;

/**
 * How a product's own fields are spelled, checked alike by the JSON API (Bean Validation)
 * and the CSV import.
 */
public final class ProductFields {

	/**
	 * A SKU: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.
	 */
	public static final String SKU = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	/** A product's status: a draft, on sale (active), or archived. */
	public static final String STATUS = "draft|active|archived";

	private ProductFields() {
	}

}

package io.bodega.ordering;

import java.util.Locale;

/**
 * Where an order stands, as it crosses modules. The moves between these states are the
 * order's own rules ({@code orders.Order}).
 */
public enum OrderStatus {

	PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, REFUNDED;

	/**
	 * The status as the API and the database spell it, such as {@code pending_payment}.
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	/** The status a {@link #value()} spells. */
	public static OrderStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}

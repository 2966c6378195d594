package io.bodega.ordering;

import java.util.Locale;
import java.util.Set;

/**
 * The order state machine. Every move not listed here is refused with 409
 * {@code invalid_state}: <pre>
 * pending_payment → paid | cancelled        paid → shipped | cancelled | refunded
 * shipped → delivered | refunded             delivered → refunded
 * </pre>
 */
public enum OrderStatus {

	PENDING_PAYMENT, PAID, SHIPPED, DELIVERED, CANCELLED, REFUNDED;

	Set<OrderStatus> next() {
		return switch (this) {
			case PENDING_PAYMENT -> Set.of(PAID, CANCELLED);
			case PAID -> Set.of(SHIPPED, CANCELLED, REFUNDED);
			case SHIPPED -> Set.of(DELIVERED, REFUNDED);
			case DELIVERED -> Set.of(REFUNDED);
			case CANCELLED, REFUNDED -> Set.of();
		};
	}

	/**
	 * The status as the API and the database spell it, such as {@code pending_payment}.
	 */
	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static OrderStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

}

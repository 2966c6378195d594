package io.bodega.ordering;

import java.util.Objects;
import java.util.UUID;

/**
 * An order's id as it crosses modules. Payments hold a payment's id and its order's id
 * side by side; typed, the one cannot be handed to {@link Ordering} in place of the
 * other.
 */
public record OrderId(UUID value) {

	public OrderId {
		Objects.requireNonNull(value, "an order id needs its UUID");
	}

	public static OrderId of(UUID value) {
		return new OrderId(value);
	}

	/** The UUID's text, as the API and the logs spell an order's id. */
	@Override
	public String toString() {
		return value.toString();
	}

}

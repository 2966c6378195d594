package io.bodega.ordering.orders;

import io.bodega.ordering.OrderStatus;
import io.bodega.shared.DomainException;

/** The order cannot make this move from where it is. */
public class InvalidOrderState extends DomainException {

	InvalidOrderState(OrderStatus from, OrderStatus to) {
		super(Kind.CONFLICT, "invalid_state", "An order that is " + from.value() + " cannot become " + to.value());
	}

}

package io.bodega.payments;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.bodega.ordering.OrderEvents;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Test-only: makes marking an order paid fail while the order is listed, as a database or
 * node failure after the charge would. It runs inside the transaction that records the
 * charge's outcome, so that transaction is undone.
 */
@Component
class FailingOrderPaid {

	static final Set<UUID> ORDERS = ConcurrentHashMap.newKeySet();

	@EventListener
	void on(OrderEvents.OrderPaid paid) {
		if (ORDERS.contains(paid.orderId())) {
			throw new IllegalStateException("injected failure after the charge of order " + paid.number());
		}
	}

}

package io.bodega.ordering;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Test-only: fails a checkout after its stock was reserved and its cart emptied, when switched on. */
@Component
class InjectedFailure {

	static final AtomicBoolean ON = new AtomicBoolean();

	@EventListener
	void on(OrderEvents.OrderPlaced event) {
		if (ON.get()) {
			throw new IllegalStateException("injected failure after the reservation step");
		}
	}
}

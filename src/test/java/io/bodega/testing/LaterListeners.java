package io.bodega.testing;

import io.bodega.inventory.StockChanged;
import io.bodega.ordering.OrderEvents;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * Listeners such as a later module would add (live updates, webhooks, low-stock alerts):
 * running after the commit from the event publication registry. In production, only order
 * cancellations and refunds have such a listener (the refund through the payment
 * gateway); mails and the catalog's availability are written in the transaction of the
 * change itself. So without these, most events would never be stored; with them, a test
 * can show that every event is stored in the transaction of its change and completed
 * after it.
 */
public final class LaterListeners {

	private LaterListeners() {
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		@Bean
		Listener laterListener() {
			return new Listener();
		}

	}

	public static class Listener {

		@ApplicationModuleListener
		void on(StockChanged changed) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderPlaced placed) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderPaid paid) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderShipped shipped) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderDelivered delivered) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderCancelled cancelled) {
		}

		@ApplicationModuleListener
		void on(OrderEvents.OrderRefunded refunded) {
		}

	}

}

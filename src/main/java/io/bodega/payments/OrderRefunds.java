package io.bodega.payments;

import io.bodega.ordering.OrderEvents;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Gives the buyer's money back when a paid order is cancelled or an admin refunds it. A
 * consequence of the order's change, not part of it: it runs from the persisted event
 * after the order committed, so a gateway that fails (or a crash) leaves the publication
 * incomplete instead of undoing the cancellation, and a second delivery of the event
 * refunds nothing more. (Its name is the listener's id in the event publication table:
 * renaming it would orphan publications still incomplete.)
 */
@Component
class OrderRefunds {

	private final Refunds refunds;

	OrderRefunds(Refunds refunds) {
		this.refunds = refunds;
	}

	/**
	 * An unpaid order (every expired one) has no succeeded payment, so nothing is
	 * refunded.
	 */
	@ApplicationModuleListener
	void on(OrderEvents.OrderCancelled cancelled) {
		refunds.refundOrder(cancelled.orderId(), cancelled.expired() ? "order_expired" : "order_cancelled");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderRefunded refunded) {
		refunds.refundOrder(refunded.orderId(), "order_refunded");
	}

}

package io.bodega.ordering.orders;

import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.OrderView;
import io.bodega.notifications.Mailer;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Mails the buyer at each step of an order: placed, paid, shipped (with the tracking
 * number), delivered, cancelled or expired, refunded. Each mail is queued in the mail
 * outbox by the transaction of the step itself (a transactional outbox): it exists
 * exactly when the step committed, is sent after the commit and retried by the outbox,
 * and never goes out twice. SMTP is never waited for here, so a mail problem cannot undo
 * an order.
 * <p>
 * These listeners are synchronous on purpose. Queueing a mail is one write to our own
 * database, so it belongs in the change's transaction, like the catalog's availability.
 * Consequences that leave the database (a refund through the payment gateway, later
 * webhooks) are asynchronous listeners instead, whose publications the registry stores in
 * the change's transaction and completes after it. Queueing the order confirmation
 * through the registry cost each order four more round trips and two more commits: a
 * third of a checkout's work (bench/RESULTS.md).
 */
@Component
class OrderMails {

	private final Mailer mailer;

	private final OrderReader reader;

	OrderMails(Mailer mailer, OrderReader reader) {
		this.mailer = mailer;
		this.reader = reader;
	}

	@EventListener
	void on(OrderEvents.OrderPlaced order) {
		mailer.send(order.email(), "Your Bodega order " + order.number(), "Thank you for your order " + order.number()
				+ ".\n\nTotal: " + order.total().display() + "\n\nWe will write again when it ships.\n");
	}

	@EventListener
	void on(OrderEvents.OrderPaid paid) {
		mailer.send(paid.email(), "Payment received for order " + paid.number(), "We received your payment of "
				+ paid.total().display() + " for order " + paid.number() + ".\n\nWe will write again when it ships.\n");
	}

	@EventListener
	void on(OrderEvents.OrderShipped shipped) {
		mailer.send(shipped.email(), "Your order " + shipped.number() + " has shipped",
				"Your order " + shipped.number() + " is on its way with " + shipped.carrier() + ".\n\nTracking number: "
						+ shipped.trackingNumber() + "\n");
	}

	@EventListener
	void on(OrderEvents.OrderDelivered delivered) {
		mailer.send(delivered.email(), "Your order " + delivered.number() + " was delivered",
				"Your order " + delivered.number() + " was delivered. Thank you for shopping with us.\n");
	}

	/** Read again for whether it was paid, which the event does not tell. */
	@EventListener
	void on(OrderEvents.OrderCancelled cancelled) {
		OrderView order = reader.load(cancelled.orderId());
		String why = cancelled.expired() ? "was not paid in time and has been cancelled" : "has been cancelled";
		mailer.send(order.email(), "Your order " + order.number() + " was cancelled", "Your order " + order.number()
				+ " " + why + "." + (order.paidAt() == null ? "" : "\n\nYour payment will be refunded.") + "\n");
	}

	@EventListener
	void on(OrderEvents.OrderRefunded refunded) {
		mailer.send(refunded.email(), "Your order " + refunded.number() + " was refunded",
				"We refunded " + refunded.total().display() + " for order " + refunded.number() + ".\n");
	}

}

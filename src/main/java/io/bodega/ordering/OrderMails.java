package io.bodega.ordering;

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

	private final Ordering ordering;

	OrderMails(Mailer mailer, Ordering ordering) {
		this.mailer = mailer;
		this.ordering = ordering;
	}

	@EventListener
	void on(OrderEvents.OrderPlaced order) {
		mailer.send(order.email(), "Your Bodega order " + order.number(), "Thank you for your order " + order.number()
				+ ".\n\nTotal: " + order.total().display() + "\n\nWe will write again when it ships.\n");
	}

	@EventListener
	void on(OrderEvents.OrderPaid paid) {
		OrderView order = ordering.get(paid.orderId());
		mail(order, "Payment received for order " + order.number(),
				"We received your payment of " + order.totals().total().display() + " for order " + order.number()
						+ ".\n\nWe will write again when it ships.\n");
	}

	@EventListener
	void on(OrderEvents.OrderShipped shipped) {
		OrderView order = ordering.get(shipped.orderId());
		mail(order, "Your order " + order.number() + " has shipped",
				"Your order " + order.number() + " is on its way with " + shipped.carrier() + ".\n\nTracking number: "
						+ shipped.trackingNumber() + "\n");
	}

	@EventListener
	void on(OrderEvents.OrderDelivered delivered) {
		OrderView order = ordering.get(delivered.orderId());
		mail(order, "Your order " + order.number() + " was delivered",
				"Your order " + order.number() + " was delivered. Thank you for shopping with us.\n");
	}

	@EventListener
	void on(OrderEvents.OrderCancelled cancelled) {
		OrderView order = ordering.get(cancelled.orderId());
		String why = cancelled.expired() ? "was not paid in time and has been cancelled" : "has been cancelled";
		mail(order, "Your order " + order.number() + " was cancelled", "Your order " + order.number() + " " + why + "."
				+ (order.paidAt() == null ? "" : "\n\nYour payment will be refunded.") + "\n");
	}

	@EventListener
	void on(OrderEvents.OrderRefunded refunded) {
		OrderView order = ordering.get(refunded.orderId());
		mail(order, "Your order " + order.number() + " was refunded",
				"We refunded " + order.totals().total().display() + " for order " + order.number() + ".\n");
	}

	private void mail(OrderView order, String subject, String body) {
		mailer.send(order.email(), subject, body);
	}

}

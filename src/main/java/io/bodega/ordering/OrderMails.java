package io.bodega.ordering;

import io.bodega.notifications.Mailer;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Mails the buyer at each step of an order: placed, paid, shipped (with the tracking number), delivered, cancelled or
 * expired, refunded. Consequences, not part of the change: each runs after the change committed, from its persisted
 * event, so a mail problem can never undo an order, and a crash before the mail leaves the publication to be completed
 * later.
 */
@Component
class OrderMails {

	private final Mailer mailer;
	private final Ordering ordering;

	OrderMails(Mailer mailer, Ordering ordering) {
		this.mailer = mailer;
		this.ordering = ordering;
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderPlaced order) {
		mailer.send(order.email(), "Your Bodega order " + order.number(),
				"Thank you for your order " + order.number() + ".\n\nTotal: " + order.total().display()
						+ "\n\nWe will write again when it ships.\n");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderPaid paid) {
		OrderView order = ordering.get(paid.orderId());
		mail(order, "Payment received for order " + order.number(),
				"We received your payment of " + order.totals().total().display() + " for order " + order.number()
						+ ".\n\nWe will write again when it ships.\n");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderShipped shipped) {
		OrderView order = ordering.get(shipped.orderId());
		mail(order, "Your order " + order.number() + " has shipped",
				"Your order " + order.number() + " is on its way with " + shipped.carrier() + ".\n\nTracking number: "
						+ shipped.trackingNumber() + "\n");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderDelivered delivered) {
		OrderView order = ordering.get(delivered.orderId());
		mail(order, "Your order " + order.number() + " was delivered",
				"Your order " + order.number() + " was delivered. Thank you for shopping with us.\n");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderCancelled cancelled) {
		OrderView order = ordering.get(cancelled.orderId());
		String why = cancelled.expired() ? "was not paid in time and has been cancelled" : "has been cancelled";
		mail(order, "Your order " + order.number() + " was cancelled", "Your order " + order.number() + " " + why
				+ "." + (order.paidAt() == null ? "" : "\n\nYour payment will be refunded.") + "\n");
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderRefunded refunded) {
		OrderView order = ordering.get(refunded.orderId());
		mail(order, "Your order " + order.number() + " was refunded",
				"We refunded " + order.totals().total().display() + " for order " + order.number() + ".\n");
	}

	private void mail(OrderView order, String subject, String body) {
		mailer.send(order.email(), subject, body);
	}
}

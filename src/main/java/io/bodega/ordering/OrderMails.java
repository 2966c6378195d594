package io.bodega.ordering;

import io.bodega.notifications.Mailer;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Mails the buyer a confirmation when an order is placed. A consequence, not part of checkout: it runs after the order
 * committed, from the persisted {@link OrderEvents.OrderPlaced}, so a mail problem can never undo an order and a
 * crash before the mail leaves the publication to be completed later.
 */
@Component
class OrderConfirmations {

	private final Mailer mailer;

	OrderConfirmations(Mailer mailer) {
		this.mailer = mailer;
	}

	@ApplicationModuleListener
	void on(OrderEvents.OrderPlaced order) {
		mailer.send(order.email(), "Your Bodega order " + order.number(),
				"Thank you for your order " + order.number() + ".\n\nTotal: " + amount(order.total())
						+ "\n\nWe will write again when it ships.\n");
	}

	private static String amount(io.bodega.shared.Money money) {
		return money.currency() + " " + money.amount() / 100 + "." + String.format("%02d", money.amount() % 100);
	}
}

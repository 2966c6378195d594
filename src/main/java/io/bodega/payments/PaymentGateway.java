package io.bodega.payments;

import io.bodega.shared.Money;

/** A payment provider. Real ones (Stripe) will sit beside the built-in test gateway. */
public interface PaymentGateway {

	/** What a charge attempt came to; {@code reference} is the provider's id for it. */
	record Charge(Status status, String reference, String failureReason) {

		public enum Status {
			SUCCEEDED, FAILED, PENDING
		}
	}

	/** The method name clients send, such as {@code test_card}. */
	String method();

	/** Charges a card for an order; a declined card is a FAILED charge, not an exception. */
	Charge charge(String orderNumber, Money amount, String cardNumber);
}

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

	/** What a refund came to; {@code reference} is the provider's id for it. */
	record Refund(Status status, String reference, String failureReason) {

		public enum Status {
			SUCCEEDED, FAILED
		}
	}

	/** The method name clients send, such as {@code test_card}. */
	String method();

	/** Charges a card for an order; a declined card is a FAILED charge, not an exception. */
	Charge charge(String orderNumber, Money amount, String cardNumber);

	/**
	 * Gives back the whole amount of a charge. Asking again for the same charge must answer the same refund rather
	 * than pay twice (a provider's idempotency key made from the charge): a crash after the provider refunded but
	 * before Bodega recorded it asks again.
	 */
	Refund refund(String chargeReference, Money amount);
}

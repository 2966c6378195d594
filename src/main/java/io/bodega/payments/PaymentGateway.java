package io.bodega.payments;

import java.util.Optional;
import java.util.UUID;

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

	/**
	 * Refuses, by throwing {@link io.bodega.shared.ValidationFailed}, a card this gateway
	 * would never charge. Asked before the payment is recorded, so a mistyped card leaves
	 * no payment behind.
	 */
	default void check(String cardNumber) {
	}

	/**
	 * Charges a card for an order; a declined card is a FAILED charge, not an exception.
	 * {@code paymentId} is the provider-side idempotency key: asked again for the same
	 * payment (Bodega lost the first answer), the gateway answers the first charge
	 * instead of charging twice. An exception means the outcome is unknown; Bodega then
	 * asks {@link #status} later. A charge must end, one way or the other, within a
	 * minute (a real gateway sets its client timeouts so): reconciliation takes a payment
	 * the provider still does not know after 10 minutes as never charged.
	 */
	Charge charge(UUID paymentId, String orderNumber, Money amount, String cardNumber);

	/**
	 * How the charge for Bodega's payment ended, as the provider recorded it; empty when
	 * the provider never received it. Asked for payments left pending without an answer
	 * (a node died while charging).
	 */
	Optional<Charge> status(UUID paymentId);

	/**
	 * Gives back the whole amount of a charge. Asking again for the same charge must
	 * answer the same refund rather than pay twice (a provider's idempotency key made
	 * from the charge): a crash after the provider refunded but before Bodega recorded it
	 * asks again.
	 */
	Refund refund(String chargeReference, Money amount);

}

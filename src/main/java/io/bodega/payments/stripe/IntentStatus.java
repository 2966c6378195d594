package io.bodega.payments.stripe;

/**
 * A PaymentIntent's status in Bodega's words (Stripe's name in brackets). Only
 * {@link #CAPTURED} and {@link #CANCELED} are final; a failed attempt leaves the intent
 * in {@link #AWAITING_PAYMENT_METHOD}, from which it may still succeed.
 */
public enum IntentStatus {

	/** New, or the last attempt failed ({@code requires_payment_method}). */
	AWAITING_PAYMENT_METHOD("requires_payment_method"),
	/** Waiting for confirmation ({@code requires_confirmation}). */
	AWAITING_CONFIRMATION("requires_confirmation"),
	/** The shopper must act, e.g. 3-D Secure ({@code requires_action}). */
	REQUIRES_ACTION("requires_action"),
	/** An asynchronous payment method is in flight ({@code processing}). */
	PROCESSING("processing"),
	/** A hold on the card, to be captured ({@code requires_capture}). */
	AUTHORIZED("requires_capture"),
	/** The money was taken ({@code succeeded}). */
	CAPTURED("succeeded"),
	/** Voided, or the authorization expired ({@code canceled}). */
	CANCELED("canceled"),
	/** A status this version of Bodega does not know: treated as not final. */
	UNRECOGNIZED("");

	private final String stripeName;

	IntentStatus(String stripeName) {
		this.stripeName = stripeName;
	}

	/**
	 * Whether the intent can no longer change.
	 * @return whether it is captured or canceled
	 */
	public boolean isFinal() {
		return this == CAPTURED || this == CANCELED;
	}

	static IntentStatus ofStripe(String status) {
		for (IntentStatus candidate : values()) {
			if (candidate.stripeName.equals(status) && candidate != UNRECOGNIZED) {
				return candidate;
			}
		}
		return UNRECOGNIZED;
	}

}

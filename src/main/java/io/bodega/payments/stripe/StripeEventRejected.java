package io.bodega.payments.stripe;

/**
 * A webhook that is not a genuine, recent event from Stripe: a missing, malformed or
 * wrong signature, a stale timestamp, or a body that is not an event. Answered 400 and
 * logged to {@code bodega.security}; the message never repeats the payload.
 */
public final class StripeEventRejected extends RuntimeException {

	StripeEventRejected(String message, Throwable cause) {
		super(message, cause);
	}

}

package io.bodega.payments.stripe;

/**
 * Stripe could not be reached, was too slow, was overloaded (5xx, 409) or rate-limited us
 * (429), and the SDK's own retries are spent. Repeat the call later with the same
 * idempotency key and the same parameters, or retrieve the object.
 */
public final class StripeRetryLater extends StripeFailure {

	private final boolean outcomeUnknown;

	StripeRetryLater(String message, int httpStatus, String code, String requestId, boolean outcomeUnknown,
			Throwable cause) {
		super(message, httpStatus, code, requestId, cause);
		this.outcomeUnknown = outcomeUnknown;
	}

	/**
	 * Whether Stripe may have done what was asked although no answer said so (a timeout,
	 * a lost connection, a 5xx). A 429 did nothing.
	 * @return whether the outcome is unknown
	 */
	public boolean outcomeUnknown() {
		return this.outcomeUnknown;
	}

}

package io.bodega.payments.stripe;

/**
 * Stripe refused the call: the card was declined (402), or the request was invalid (400:
 * a wrong state, an amount too large, an idempotency key reused with other parameters;
 * 404: no such object). Repeating it unchanged gives the same answer.
 */
public final class StripeRefused extends StripeFailure {

	private final String declineCode;

	StripeRefused(String message, int httpStatus, String code, String declineCode, String requestId, Throwable cause) {
		super(message, httpStatus, code, requestId, cause);
		this.declineCode = declineCode;
	}

	/**
	 * The issuer's reason for a declined card ({@code insufficient_funds}, ...).
	 * @return the decline code, or {@code null}
	 */
	public String declineCode() {
		return this.declineCode;
	}

	/**
	 * Whether the card was declined, as opposed to the request being invalid.
	 * @return whether Stripe answered 402
	 */
	public boolean declined() {
		return httpStatus() == 402;
	}

}

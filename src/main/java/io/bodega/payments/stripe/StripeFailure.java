package io.bodega.payments.stripe;

/**
 * A call to Stripe that did not answer what was asked, as one of three outcomes a caller
 * acts on: {@link StripeRefused} (do not repeat it as it is), {@link StripeRetryLater}
 * (repeat it later with the same idempotency key, or retrieve) and
 * {@link StripeMisconfigured} (an operator must fix the keys).
 */
public abstract sealed class StripeFailure extends RuntimeException
		permits StripeRefused, StripeRetryLater, StripeMisconfigured {

	private final int httpStatus;

	private final String code;

	private final String requestId;

	StripeFailure(String message, int httpStatus, String code, String requestId, Throwable cause) {
		super(message, cause);
		this.httpStatus = httpStatus;
		this.code = code;
		this.requestId = requestId;
	}

	/**
	 * Stripe's HTTP status.
	 * @return the status, or 0 when no answer arrived
	 */
	public int httpStatus() {
		return this.httpStatus;
	}

	/**
	 * Stripe's error code ({@code resource_missing}, {@code idempotency_error}, ...).
	 * @return the code, or {@code null}
	 */
	public String code() {
		return this.code;
	}

	/**
	 * The id Stripe gave the request, for its support and logs.
	 * @return the {@code Request-Id}, or {@code null}
	 */
	public String requestId() {
		return this.requestId;
	}

}

package io.bodega.payments.stripe;

/**
 * Stripe refused our credentials (401) or their permissions (403): no retry helps until
 * an operator fixes {@code BODEGA_STRIPE_SECRET_KEY}.
 */
public final class StripeMisconfigured extends StripeFailure {

	StripeMisconfigured(String message, int httpStatus, String code, String requestId, Throwable cause) {
		super(message, httpStatus, code, requestId, cause);
	}

}

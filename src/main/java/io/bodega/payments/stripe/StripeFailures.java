package io.bodega.payments.stripe;

import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.CardException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;

/** Turns the SDK's exceptions into Bodega's three outcomes. */
final class StripeFailures {

	private StripeFailures() {
	}

	static StripeFailure of(String call, StripeException e) {
		int status = (e.getStatusCode() == null) ? 0 : e.getStatusCode();
		String message = call + ": " + e.getClass().getSimpleName() + " (" + status + ", " + e.getCode() + ")";
		return switch (e) {
			case CardException card ->
				new StripeRefused(message, status, card.getCode(), card.getDeclineCode(), e.getRequestId(), e);
			case InvalidRequestException invalid ->
				new StripeRefused(message, status, e.getCode(), null, e.getRequestId(), e);
			case IdempotencyException reused ->
				new StripeRefused(message, status, "idempotency_error", null, e.getRequestId(), e);
			// 401, and 403 (PermissionException is one).
			case AuthenticationException auth ->
				new StripeMisconfigured(message, status, e.getCode(), e.getRequestId(), e);
			// Stripe sends a 429 without Stripe-Should-Retry on purpose: the SDK does not
			// retry it, and nothing was done.
			case RateLimitException limited ->
				new StripeRetryLater(message, status, e.getCode(), e.getRequestId(), false, e);
			case ApiConnectionException io -> new StripeRetryLater(message, 0, null, null, true, e);
			// 409, 5xx, and anything the SDK may add later: Stripe may have acted.
			default -> new StripeRetryLater(message, status, e.getCode(), e.getRequestId(), true, e);
		};
	}

}

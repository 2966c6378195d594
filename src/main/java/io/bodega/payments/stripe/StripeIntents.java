package io.bodega.payments.stripe;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.PaymentIntent;
import com.stripe.model.Refund;
import com.stripe.model.StripeError;
import com.stripe.net.ApiResource;
import com.stripe.net.RequestOptions;
import com.stripe.param.PaymentIntentCancelParams;
import com.stripe.param.PaymentIntentCaptureParams;
import com.stripe.param.PaymentIntentCreateParams;
import com.stripe.param.RefundCreateParams;

/**
 * Bodega's calls to Stripe's PaymentIntents and refunds, over a client of its own (never
 * the SDK's global settings). Every mutating call carries an idempotency key derived from
 * Bodega's ids ({@link IdempotencyKeys}): repeat it with the same arguments after a
 * timeout or a crash and Stripe answers what it did the first time. Each call ends within
 * {@link StripeProperties#worstCaseCall()}; make none inside a database transaction.
 * Failures are {@link StripeFailure}s.
 */
public final class StripeIntents {

	/** Why an intent is cancelled, in the words Stripe accepts. */
	public enum CancelReason {

		/** The order expired or was abandoned. */
		ABANDONED,
		/** Another payment paid the order. */
		DUPLICATE,
		/** The order looks fraudulent. */
		FRAUDULENT,
		/** The shopper or staff cancelled the order. */
		REQUESTED_BY_CUSTOMER

	}

	private final StripeClient stripe;

	/**
	 * A client for the given settings.
	 * @param properties the settings; Stripe must be enabled
	 */
	public StripeIntents(StripeProperties properties) {
		if (!properties.enabled()) {
			throw new IllegalStateException("Stripe has no secret key (BODEGA_STRIPE_SECRET_KEY)");
		}
		this.stripe = StripeClient.builder()
			.setApiKey(properties.secretKey())
			.setApiBase(properties.apiBase())
			.setConnectTimeout(Math.toIntExact(properties.connectTimeout().toMillis()))
			.setReadTimeout(Math.toIntExact(properties.readTimeout().toMillis()))
			.setMaxNetworkRetries(properties.maxNetworkRetries())
			.build();
	}

	/**
	 * Creates the one intent of a Bodega payment (once: the same payment gives the same
	 * intent, whatever happens in between).
	 * @param intent what to collect
	 * @return the intent, with the client secret the shopper confirms with
	 */
	public StripeIntent create(NewIntent intent) {
		PaymentIntentCreateParams params = PaymentIntentCreateParams.builder()
			.setAmount(intent.amount())
			.setCurrency(intent.currency())
			.setCaptureMethod((intent.capture() == CaptureMode.MANUAL) ? PaymentIntentCreateParams.CaptureMethod.MANUAL
					: PaymentIntentCreateParams.CaptureMethod.AUTOMATIC)
			.setAutomaticPaymentMethods(
					PaymentIntentCreateParams.AutomaticPaymentMethods.builder().setEnabled(true).build())
			.putMetadata("bodega_payment_id", intent.paymentId().toString())
			.putMetadata("bodega_order_id", intent.orderId().toString())
			.build();
		return intentOf(call("create intent",
				() -> stripe.v1().paymentIntents().create(params, key(IdempotencyKeys.create(intent.paymentId())))));
	}

	/**
	 * Stripe's current state of an intent: what webhooks and reconciliation act on.
	 * @param intentId Stripe's id
	 * @return the intent
	 */
	public StripeIntent retrieve(String intentId) {
		Objects.requireNonNull(intentId, "intentId");
		return intentOf(call("retrieve intent", () -> stripe.v1().paymentIntents().retrieve(intentId)));
	}

	/**
	 * Captures all an authorization holds.
	 * @param paymentId the Bodega payment
	 * @param intentId its intent
	 * @return the captured intent
	 */
	public StripeIntent capture(UUID paymentId, String intentId) {
		return capture(paymentId, intentId, PaymentIntentCaptureParams.builder().build());
	}

	/**
	 * Captures part of an authorization and releases the rest (one capture per payment).
	 * @param paymentId the Bodega payment
	 * @param intentId its intent
	 * @param amountToCapture in minor units, at most what the authorization holds
	 * @return the captured intent
	 */
	public StripeIntent capture(UUID paymentId, String intentId, long amountToCapture) {
		if (amountToCapture <= 0) {
			throw new IllegalArgumentException("amountToCapture must be positive");
		}
		return capture(paymentId, intentId,
				PaymentIntentCaptureParams.builder().setAmountToCapture(amountToCapture).build());
	}

	/**
	 * Cancels an intent that is not captured: voids an authorization, or ends an unpaid
	 * one.
	 * @param paymentId the Bodega payment
	 * @param intentId its intent
	 * @param reason why, or {@code null}
	 * @return the cancelled intent
	 */
	public StripeIntent cancel(UUID paymentId, String intentId, CancelReason reason) {
		Objects.requireNonNull(intentId, "intentId");
		PaymentIntentCancelParams.Builder builder = PaymentIntentCancelParams.builder();
		if (reason != null) {
			builder.setCancellationReason(PaymentIntentCancelParams.CancellationReason.valueOf(reason.name()));
		}
		PaymentIntentCancelParams params = builder.build();
		return intentOf(call("cancel intent",
				() -> stripe.v1().paymentIntents().cancel(intentId, params, key(IdempotencyKeys.cancel(paymentId)))));
	}

	/**
	 * Gives back part or all of what an intent captured (once per Bodega refund).
	 * @param refund what to give back
	 * @return the refund
	 */
	public StripeRefund refund(NewRefund refund) {
		RefundCreateParams.Builder params = RefundCreateParams.builder()
			.setPaymentIntent(refund.intentId())
			.setAmount(refund.amount())
			.putMetadata("bodega_refund_id", refund.refundId().toString())
			.putMetadata("bodega_payment_id", refund.paymentId().toString());
		if (refund.reason() != null) {
			params.setReason(RefundCreateParams.Reason.valueOf(refund.reason().name()));
		}
		RefundCreateParams built = params.build();
		return refundOf(call("create refund",
				() -> stripe.v1().refunds().create(built, key(IdempotencyKeys.refund(refund.refundId())))));
	}

	/**
	 * Stripe's current state of a refund.
	 * @param refundId Stripe's id ({@code re_...})
	 * @return the refund
	 */
	public StripeRefund retrieveRefund(String refundId) {
		Objects.requireNonNull(refundId, "refundId");
		return refundOf(call("retrieve refund", () -> stripe.v1().refunds().retrieve(refundId)));
	}

	private StripeIntent capture(UUID paymentId, String intentId, PaymentIntentCaptureParams params) {
		Objects.requireNonNull(intentId, "intentId");
		return intentOf(call("capture intent",
				() -> stripe.v1().paymentIntents().capture(intentId, params, key(IdempotencyKeys.capture(paymentId)))));
	}

	private static RequestOptions key(String idempotencyKey) {
		return RequestOptions.builder().setIdempotencyKey(idempotencyKey).build();
	}

	private static <T> T call(String name, StripeCall<T> call) {
		try {
			return call.call();
		}
		catch (StripeException ex) {
			throw StripeFailures.of(name, ex);
		}
	}

	private static StripeIntent intentOf(PaymentIntent intent) {
		StripeError error = intent.getLastPaymentError();
		return new StripeIntent(intent.getId(), IntentStatus.ofStripe(intent.getStatus()),
				zeroIfNull(intent.getAmount()), zeroIfNull(intent.getAmountCapturable()),
				zeroIfNull(intent.getAmountReceived()), intent.getCurrency(),
				"manual".equals(intent.getCaptureMethod()) ? CaptureMode.MANUAL : CaptureMode.AUTOMATIC,
				intent.getClientSecret(), intent.getLatestCharge(), metadata(intent.getMetadata(), "bodega_payment_id"),
				(error == null) ? null : error.getCode(), replayed(intent));
	}

	private static StripeRefund refundOf(Refund refund) {
		return new StripeRefund(refund.getId(), RefundStatus.ofStripe(refund.getStatus()),
				zeroIfNull(refund.getAmount()), refund.getCurrency(), refund.getPaymentIntent(),
				metadata(refund.getMetadata(), "bodega_refund_id"), refund.getFailureReason(), replayed(refund));
	}

	private static boolean replayed(ApiResource resource) {
		return resource.getLastResponse() != null && resource.getLastResponse()
			.headers()
			.firstValue("Idempotent-Replayed")
			.map("true"::equalsIgnoreCase)
			.orElse(false);
	}

	private static String metadata(Map<String, String> metadata, String key) {
		return (metadata == null) ? null : metadata.get(key);
	}

	private static long zeroIfNull(Long value) {
		return (value == null) ? 0 : value;
	}

	@FunctionalInterface
	private interface StripeCall<T> {

		T call() throws StripeException;

	}

}

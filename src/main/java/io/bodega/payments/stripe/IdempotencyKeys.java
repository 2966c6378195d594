package io.bodega.payments.stripe;

import java.util.UUID;

/**
 * The Idempotency-Key of every mutating call, derived from Bodega's ids only, so that a
 * call repeated after a crash or a timeout is the same call to Stripe (which keeps keys
 * for at least 24 hours). One capture and one cancel per payment, one create per refund.
 */
public final class IdempotencyKeys {

	private IdempotencyKeys() {
	}

	/**
	 * @param paymentId the Bodega payment
	 * @return the key of creating its intent
	 */
	public static String create(UUID paymentId) {
		return "bodega-pi-create-" + paymentId;
	}

	/**
	 * @param paymentId the Bodega payment
	 * @return the key of capturing its intent
	 */
	public static String capture(UUID paymentId) {
		return "bodega-pi-capture-" + paymentId;
	}

	/**
	 * @param paymentId the Bodega payment
	 * @return the key of cancelling its intent
	 */
	public static String cancel(UUID paymentId) {
		return "bodega-pi-cancel-" + paymentId;
	}

	/**
	 * @param refundId the Bodega refund
	 * @return the key of creating it at Stripe
	 */
	public static String refund(UUID refundId) {
		return "bodega-refund-" + refundId;
	}

}

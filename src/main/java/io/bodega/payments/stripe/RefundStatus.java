package io.bodega.payments.stripe;

/**
 * A refund's status at Stripe. A {@code SUCCEEDED} refund may still turn {@code FAILED}.
 */
public enum RefundStatus {

	/** Submitted, not settled. */
	PENDING,
	/** The customer must act (some payment methods). */
	REQUIRES_ACTION,
	/** Refunded. */
	SUCCEEDED,
	/** Failed: the money came back to the shop. */
	FAILED,
	/** Canceled before it was settled. */
	CANCELED,
	/** A status this version of Bodega does not know. */
	UNRECOGNIZED;

	static RefundStatus ofStripe(String status) {
		for (RefundStatus candidate : values()) {
			if (candidate != UNRECOGNIZED && candidate.name().equalsIgnoreCase(status)) {
				return candidate;
			}
		}
		return UNRECOGNIZED;
	}

}

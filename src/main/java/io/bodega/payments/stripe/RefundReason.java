package io.bodega.payments.stripe;

/** Why money is given back, in the words Stripe accepts. */
public enum RefundReason {

	/** The shopper asked for it, or the goods did not ship. */
	REQUESTED_BY_CUSTOMER,
	/** The shopper paid twice. */
	DUPLICATE,
	/** The payment was fraudulent. */
	FRAUDULENT

}

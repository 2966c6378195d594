package io.bodega.payments.stripe;

import java.time.Instant;

/**
 * A webhook event whose signature was verified: only what identifies it and the object it
 * concerns. Its payload's state is deliberately left out: events come late, twice and out
 * of order, so the receiver retrieves the intent or refund and acts on Stripe's current
 * state.
 *
 * @param id the event's id ({@code evt_...}): process each once
 * @param type e.g. {@code payment_intent.succeeded}, {@code charge.refunded}
 * @param created when Stripe created the event
 * @param objectKind what kind of object the event is about
 * @param objectId that object's id ({@code pi_...}, {@code ch_...}, {@code re_...},
 * {@code dp_...})
 * @param paymentIntentId the intent concerned: the object itself, or the intent of the
 * charge, refund or dispute; {@code null} when there is none
 */
public record StripeEvent(String id, String type, Instant created, ObjectKind objectKind, String objectId,
		String paymentIntentId) {

	/** The kinds of object Bodega's payments react to. */
	public enum ObjectKind {

		/** A PaymentIntent. */
		PAYMENT_INTENT,
		/** A charge. */
		CHARGE,
		/** A refund. */
		REFUND,
		/** A dispute (chargeback). */
		DISPUTE,
		/** Anything else: acknowledge and ignore. */
		OTHER

	}

}

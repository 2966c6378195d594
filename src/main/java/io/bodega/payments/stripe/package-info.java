/**
 * Stripe for Bodega: the start of issue 22 (real payments), its foundation only. A typed
 * wrapper over stripe-java's non-global {@code StripeClient} ({@link StripeIntents}:
 * PaymentIntents and refunds, every mutating call under an idempotency key derived from
 * Bodega's ids) and the verification of Stripe's signed webhooks ({@link StripeEvents}).
 * Callers see only Bodega's records, enums and the three {@link StripeFailure} outcomes,
 * never a Stripe type.
 * <p>
 * Nothing here is wired in yet: no bean, no endpoint, no setting in
 * {@code application.yaml}. The payment model redesign of issue 22 builds on it; see
 * {@code docs/design/stripe-notes.md} for the research behind every choice.
 */
package io.bodega.payments.stripe;

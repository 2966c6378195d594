package io.bodega.payments.stripe;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.bodega.payments.stripe.StripeIntents.CancelReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StripeIntents} against {@link FakeStripe}: the calls, their keys and answers.
 */
class StripeIntentsTests {

	private FakeStripe fake;

	private StripeIntents stripe;

	@BeforeEach
	void start() throws Exception {
		this.fake = FakeStripe.start();
		this.stripe = new StripeIntents(StripeProperties.of(FakeStripe.SECRET_KEY, "whsec_test", this.fake.apiBase(),
				Duration.ofSeconds(2), Duration.ofSeconds(5), 0));
	}

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void capturesSixtyOfAHundredAuthorizedAndReleasesTheRest() {
		UUID payment = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		StripeIntent created = this.stripe.create(new NewIntent(payment, order, 10000, "EUR", CaptureMode.MANUAL));
		assertThat(created.status()).isEqualTo(IntentStatus.AWAITING_PAYMENT_METHOD);
		assertThat(created.clientSecret()).startsWith(created.id() + "_secret_");
		assertThat(created.toString()).doesNotContain(created.clientSecret());
		assertThat(created.currency()).isEqualTo("eur");
		assertThat(created.bodegaPaymentId()).isEqualTo(payment.toString());
		assertThat(created.captureMode()).isEqualTo(CaptureMode.MANUAL);
		FakeStripe.Request sent = this.fake.requests().getFirst();
		assertThat(sent.idempotencyKey()).isEqualTo("bodega-pi-create-" + payment);
		assertThat(sent.params()).containsEntry("metadata[bodega_order_id]", order.toString())
			.containsEntry("capture_method", "manual")
			.containsEntry("amount", "10000");

		this.fake.confirm(created.id());
		StripeIntent authorized = this.stripe.retrieve(created.id());
		assertThat(authorized.status()).isEqualTo(IntentStatus.AUTHORIZED);
		assertThat(authorized.amountCapturable()).isEqualTo(10000);

		StripeIntent captured = this.stripe.capture(payment, created.id(), 6000);
		assertThat(captured.status()).isEqualTo(IntentStatus.CAPTURED);
		assertThat(captured.status().isFinal()).isTrue();
		assertThat(captured.amountReceived()).isEqualTo(6000);
		assertThat(captured.amountCapturable()).isZero();
		assertThat(captured.latestCharge()).startsWith("ch_");
		assertThat(this.fake.requests().getLast().idempotencyKey()).isEqualTo("bodega-pi-capture-" + payment);
	}

	@Test
	void cancelsAnAuthorizationOnceAndRefusesToCaptureIt() {
		UUID payment = UUID.randomUUID();
		StripeIntent intent = this.stripe
			.create(new NewIntent(payment, UUID.randomUUID(), 2500, "usd", CaptureMode.MANUAL));
		this.fake.confirm(intent.id());

		StripeIntent canceled = this.stripe.cancel(payment, intent.id(), CancelReason.ABANDONED);
		assertThat(canceled.status()).isEqualTo(IntentStatus.CANCELED);
		assertThat(canceled.amountCapturable()).isZero();
		assertThat(canceled.replayed()).isFalse();
		assertThat(this.stripe.cancel(payment, intent.id(), CancelReason.ABANDONED).replayed()).isTrue();

		assertThatThrownBy(() -> this.stripe.capture(payment, intent.id())).isInstanceOfSatisfying(StripeRefused.class,
				(refused) -> {
					assertThat(refused.httpStatus()).isEqualTo(400);
					assertThat(refused.code()).isEqualTo("payment_intent_unexpected_state");
					assertThat(refused.declined()).isFalse();
				});
	}

	@Test
	void refundsInPartsAndNeverMoreThanWasCaptured() {
		UUID payment = UUID.randomUUID();
		StripeIntent intent = this.stripe
			.create(new NewIntent(payment, UUID.randomUUID(), 10000, "eur", CaptureMode.AUTOMATIC));
		this.fake.confirm(intent.id());
		assertThat(this.stripe.retrieve(intent.id()).amountReceived()).isEqualTo(10000);

		UUID first = UUID.randomUUID();
		NewRefund thirty = new NewRefund(first, payment, intent.id(), 3000, RefundReason.REQUESTED_BY_CUSTOMER);
		StripeRefund refunded = this.stripe.refund(thirty);
		assertThat(refunded.status()).isEqualTo(RefundStatus.SUCCEEDED);
		assertThat(refunded.amount()).isEqualTo(3000);
		assertThat(refunded.paymentIntentId()).isEqualTo(intent.id());
		assertThat(refunded.bodegaRefundId()).isEqualTo(first.toString());
		assertThat(this.fake.requests().getLast().idempotencyKey()).isEqualTo("bodega-refund-" + first);
		assertThat(this.stripe.refund(thirty)).satisfies((again) -> {
			assertThat(again.id()).isEqualTo(refunded.id());
			assertThat(again.replayed()).isTrue();
		});
		assertThat(this.stripe.retrieveRefund(refunded.id()).amount()).isEqualTo(3000);

		this.stripe.refund(new NewRefund(UUID.randomUUID(), payment, intent.id(), 7000, null));
		assertThatThrownBy(() -> this.stripe.refund(new NewRefund(UUID.randomUUID(), payment, intent.id(), 1, null)))
			.isInstanceOf(StripeRefused.class);
	}

	@Test
	void refusesAKeyReusedWithOtherParameters() {
		UUID payment = UUID.randomUUID();
		UUID order = UUID.randomUUID();
		this.stripe.create(new NewIntent(payment, order, 10000, "eur", CaptureMode.MANUAL));
		assertThatThrownBy(() -> this.stripe.create(new NewIntent(payment, order, 5000, "eur", CaptureMode.MANUAL)))
			.isInstanceOfSatisfying(StripeRefused.class,
					(refused) -> assertThat(refused.code()).isEqualTo("idempotency_error"));
		assertThat(this.fake.intentCount()).isEqualTo(1);
	}

	@Test
	void turnsAMissingIntentAndAWrongKeyIntoBodegaOutcomes() {
		assertThatThrownBy(() -> this.stripe.retrieve("pi_missing")).isInstanceOfSatisfying(StripeRefused.class,
				(refused) -> assertThat(refused.code()).isEqualTo("resource_missing"));
		StripeIntents wrongKey = new StripeIntents(StripeProperties.of("sk_test_wrong", "whsec_test",
				this.fake.apiBase(), Duration.ofSeconds(2), Duration.ofSeconds(5), 0));
		assertThatThrownBy(() -> wrongKey.retrieve("pi_missing")).isInstanceOf(StripeMisconfigured.class)
			.hasMessageNotContaining("sk_test_wrong");
	}

}

package io.bodega.payments.stripe;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link StripeIntents} when Stripe fails: lost answers, 500s, 429s and hangs, against
 * {@link FakeStripe}.
 */
class StripeFaultTests {

	private static final Duration READ = Duration.ofMillis(500);

	private FakeStripe fake;

	@BeforeEach
	void start() throws Exception {
		this.fake = FakeStripe.start();
	}

	@AfterEach
	void stop() {
		this.fake.close();
	}

	@Test
	void repeatsACreateWhoseAnswerWasLostAsTheSameCall() {
		StripeIntents stripe = client(0);
		NewIntent intent = new NewIntent(UUID.randomUUID(), UUID.randomUUID(), 10000, "eur", CaptureMode.MANUAL);
		this.fake.loseNextAnswer(Duration.ofSeconds(2));
		assertThatThrownBy(() -> stripe.create(intent)).isInstanceOfSatisfying(StripeRetryLater.class,
				(later) -> assertThat(later.outcomeUnknown()).isTrue());

		StripeIntent again = stripe.create(intent);
		assertThat(again.replayed()).isTrue();
		assertThat(this.fake.intentCount()).isEqualTo(1);
		assertThat(this.fake.requests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.idempotencyKey())
				.isEqualTo(IdempotencyKeys.create(intent.paymentId())));
	}

	@Test
	void sdkRetriesALostAnswerWithTheSameKey() {
		StripeIntents stripe = client(1);
		this.fake.loseNextAnswer(Duration.ofSeconds(2));
		StripeIntent created = stripe
			.create(new NewIntent(UUID.randomUUID(), UUID.randomUUID(), 500, "eur", CaptureMode.AUTOMATIC));
		assertThat(created.replayed()).isTrue();
		assertThat(this.fake.intentCount()).isEqualTo(1);
	}

	@Test
	void sdkRetriesA500WithTheSameKey() {
		StripeIntents stripe = client(1);
		this.fake.failNext(1, 500, null);
		NewIntent intent = new NewIntent(UUID.randomUUID(), UUID.randomUUID(), 10000, "eur", CaptureMode.MANUAL);
		StripeIntent created = stripe.create(intent);
		assertThat(created.status()).isEqualTo(IntentStatus.AWAITING_PAYMENT_METHOD);
		assertThat(this.fake.intentCount()).isEqualTo(1);
		assertThat(this.fake.requests()).hasSize(2)
			.allSatisfy((request) -> assertThat(request.idempotencyKey())
				.isEqualTo(IdempotencyKeys.create(intent.paymentId())));
	}

	@Test
	void a429WithoutShouldRetryIsRetryLaterAtOnce() {
		StripeIntents stripe = client(2);
		this.fake.failNext(1, 429, null);
		assertThatThrownBy(() -> stripe
			.create(new NewIntent(UUID.randomUUID(), UUID.randomUUID(), 100, "eur", CaptureMode.MANUAL)))
			.isInstanceOfSatisfying(StripeRetryLater.class, (later) -> {
				assertThat(later.httpStatus()).isEqualTo(429);
				assertThat(later.outcomeUnknown()).isFalse();
			});
		assertThat(this.fake.requests()).hasSize(1);
		assertThat(this.fake.intentCount()).isZero();
	}

	@Test
	void a429WithShouldRetryIsRetriedBySdk() {
		StripeIntents stripe = client(1);
		this.fake.failNext(1, 429, true);
		stripe.create(new NewIntent(UUID.randomUUID(), UUID.randomUUID(), 100, "eur", CaptureMode.MANUAL));
		assertThat(this.fake.requests()).hasSize(2);
		assertThat(this.fake.intentCount()).isEqualTo(1);
	}

	/**
	 * The fake would answer after 20 s: a failure at all proves the read timeout ended
	 * each attempt, and two requests that the SDK tried once more, no more (no clock is
	 * read).
	 */
	@Test
	void aHangingStripeEndsAsRetryLaterAfterItsOneRetry() {
		StripeIntents stripe = new StripeIntents(properties(1));
		this.fake.hangNext(5, Duration.ofSeconds(20));
		assertThatThrownBy(() -> stripe.retrieve("pi_any")).isInstanceOfSatisfying(StripeRetryLater.class,
				(later) -> assertThat(later.outcomeUnknown()).isTrue());
		assertThat(this.fake.requests()).hasSize(2);
	}

	private StripeIntents client(int retries) {
		return new StripeIntents(properties(retries));
	}

	private StripeProperties properties(int retries) {
		return StripeProperties.of(FakeStripe.SECRET_KEY, "whsec_test", this.fake.apiBase(), Duration.ofSeconds(1),
				READ, retries);
	}

}

package io.bodega.payments.stripe;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import io.bodega.payments.stripe.StripeEvent.ObjectKind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * {@link StripeEvents}: webhooks signed as {@link FakeStripe} (and Stripe) signs them.
 */
class StripeEventsTests {

	private static final String SECRET = "whsec_bodega_test";

	private final StripeEvents events = new StripeEvents(
			StripeProperties.of("sk_test_x", SECRET, null, Duration.ofSeconds(1), Duration.ofSeconds(1), 0));

	private static final String SUCCEEDED = FakeStripe.event("evt_1", "payment_intent.succeeded",
			Map.of("id", "pi_123", "object", "payment_intent", "status", "succeeded", "amount", 10000));

	@Test
	void acceptsAGoodSignatureAndNamesTheIntent() {
		StripeEvent event = this.events.verify(SUCCEEDED, FakeStripe.signature(SUCCEEDED, SECRET, now()));
		assertThat(event.id()).isEqualTo("evt_1");
		assertThat(event.type()).isEqualTo("payment_intent.succeeded");
		assertThat(event.created()).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
		assertThat(event.objectKind()).isEqualTo(ObjectKind.PAYMENT_INTENT);
		assertThat(event.objectId()).isEqualTo("pi_123");
		assertThat(event.paymentIntentId()).isEqualTo("pi_123");
	}

	@Test
	void namesTheIntentOfAChargeARefundAndADispute() {
		assertThat(verify("charge.refunded", Map.of("id", "ch_1", "object", "charge", "payment_intent", "pi_7")))
			.extracting(StripeEvent::objectKind, StripeEvent::objectId, StripeEvent::paymentIntentId)
			.containsExactly(ObjectKind.CHARGE, "ch_1", "pi_7");
		assertThat(verify("refund.updated", Map.of("id", "re_1", "object", "refund", "payment_intent", "pi_8")))
			.extracting(StripeEvent::objectKind, StripeEvent::objectId, StripeEvent::paymentIntentId)
			.containsExactly(ObjectKind.REFUND, "re_1", "pi_8");
		assertThat(verify("charge.dispute.created",
				Map.of("id", "dp_1", "object", "dispute", "charge", "ch_2", "payment_intent", "pi_9")))
			.extracting(StripeEvent::objectKind, StripeEvent::objectId, StripeEvent::paymentIntentId)
			.containsExactly(ObjectKind.DISPUTE, "dp_1", "pi_9");
		assertThat(verify("customer.created", Map.of("id", "cus_1", "object", "customer")))
			.extracting(StripeEvent::objectKind, StripeEvent::paymentIntentId)
			.containsExactly(ObjectKind.OTHER, null);
	}

	@Test
	void refusesAWrongSecretAndATamperedBody() {
		assertRejected(SUCCEEDED, FakeStripe.signature(SUCCEEDED, "whsec_someone_else", now()));
		String signature = FakeStripe.signature(SUCCEEDED, SECRET, now());
		assertRejected(SUCCEEDED.replace("10000", "1"), signature);
	}

	@Test
	void refusesAStaleSignature() {
		assertRejected(SUCCEEDED, FakeStripe.signature(SUCCEEDED, SECRET, now() - 301));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { "garbage", "t=abc,v1=00", "t=1700000000", "v1=abcdef", "t=,v1=" })
	void refusesAMissingOrMalformedHeader(String header) {
		assertRejected(SUCCEEDED, header);
	}

	@ParameterizedTest
	@ValueSource(strings = { "not json", "[]", "{}", "{\"id\":\"evt_2\",\"type\":\"x\",\"created\":1}",
			"{\"id\":\"evt_3\",\"object\":\"event\",\"type\":\"x\",\"created\":1,\"data\":{\"object\":{}}}" })
	void refusesASignedBodyThatIsNotAnEvent(String body) {
		assertRejected(body, FakeStripe.signature(body, SECRET, now()));
	}

	private StripeEvent verify(String type, Map<String, Object> object) {
		String body = FakeStripe.event("evt_x", type, object);
		return this.events.verify(body, FakeStripe.signature(body, SECRET, now()));
	}

	private void assertRejected(String body, String header) {
		assertThatExceptionOfType(StripeEventRejected.class).isThrownBy(() -> this.events.verify(body, header));
	}

	private static long now() {
		return Instant.now().getEpochSecond();
	}

}

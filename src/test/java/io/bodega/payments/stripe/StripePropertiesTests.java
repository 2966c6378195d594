package io.bodega.payments.stripe;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class StripePropertiesTests {

	@Test
	void defaultsBoundOneCallToTwentyFourAndAHalfSeconds() {
		StripeProperties defaults = new StripeProperties("sk_test_x", null, null, null, null, null, 1, null);
		assertThat(defaults.apiBase()).isEqualTo("https://api.stripe.com");
		assertThat(defaults.webhookTolerance()).isEqualTo(Duration.ofSeconds(300));
		assertThat(defaults.worstCaseCall()).isEqualTo(Duration.ofMillis(24_500));
		assertThat(defaults.toString()).doesNotContain("sk_test_x");
	}

	@Test
	void capsTheBackoffAtFiveSeconds() {
		StripeProperties three = new StripeProperties("sk", null, null, null, Duration.ofSeconds(1),
				Duration.ofSeconds(1), 3, null);
		assertThat(three.worstCaseCall()).isEqualTo(Duration.ofMillis(8_000 + 500 + 1_000 + 2_000));
	}

	@Test
	void refusesUnboundedRetriesAndNoWebhookTolerance() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StripeProperties("sk", null, null, null, null, null, 4, null));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StripeProperties("sk", null, null, null, null, null, 1, Duration.ZERO));
	}

	@Test
	void isOffWithoutASecretKey() {
		assertThat(new StripeProperties(" ", null, null, null, null, null, 0, null).enabled()).isFalse();
	}

}

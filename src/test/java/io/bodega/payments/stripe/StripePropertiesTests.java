package io.bodega.payments.stripe;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

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

	/**
	 * The application's {@code @ConfigurationPropertiesScan} finds this record, so it
	 * binds at start-up even with no {@code bodega.stripe} setting at all.
	 */
	@Test
	void bindsWithNoSettingsAsStripeOff() {
		StripeProperties none = new Binder(new MapConfigurationPropertySource()).bindOrCreate("bodega.stripe",
				StripeProperties.class);
		assertThat(none.enabled()).isFalse();
		assertThat(none.readTimeout()).isEqualTo(Duration.ofSeconds(10));
		assertThat(none.maxNetworkRetries()).isEqualTo(1);
		StripeProperties some = new Binder(new MapConfigurationPropertySource(
				Map.of("bodega.stripe.secret-key", "sk_test_y", "bodega.stripe.read-timeout", "3s")))
			.bindOrCreate("bodega.stripe", StripeProperties.class);
		assertThat(some.enabled()).isTrue();
		assertThat(some.readTimeout()).isEqualTo(Duration.ofSeconds(3));
		assertThat(some.webhookTolerance()).isEqualTo(Duration.ofSeconds(300));
	}

	@Test
	void isOffWithoutASecretKey() {
		assertThat(new StripeProperties(" ", null, null, null, null, null, 0, null).enabled()).isFalse();
	}

}

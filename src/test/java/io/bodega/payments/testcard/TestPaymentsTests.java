package io.bodega.payments.testcard;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestPaymentsTests {

	@Test
	void onByDefaultWithTheEmbeddedDatabaseAndOffWithAnExternalOne() {
		assertThat(TestPayments.enabled(new MockEnvironment())).isTrue();
		assertThat(
				TestPayments.enabled(new MockEnvironment().withProperty("bodega.db.url", "jdbc:postgresql://db/shop")))
			.isFalse();
	}

	@Test
	void theSettingDecidesWhenGiven() {
		var external = new MockEnvironment().withProperty("bodega.db.url", "jdbc:postgresql://db/shop");
		assertThat(TestPayments.enabled(external.withProperty("bodega.payments.test-payments", "true"))).isTrue();
		assertThat(TestPayments.enabled(new MockEnvironment().withProperty("bodega.payments.test-payments", "FALSE")))
			.isFalse();
		assertThatThrownBy(
				() -> TestPayments.enabled(new MockEnvironment().withProperty("bodega.payments.test-payments", "yes")))
			.hasMessageContaining("BODEGA_TEST_PAYMENTS");
	}

}

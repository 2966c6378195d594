package io.bodega.payments.testcard;

import io.bodega.testing.ApiTest;
import io.bodega.testing.LogCapture;
import org.junit.jupiter.api.Test;

import ch.qos.logback.classic.Level;

import static org.assertj.core.api.Assertions.assertThat;

/** With test payments on (development's default), the server says so when it starts. */
class TestPaymentsOnTests extends ApiTest {

	@Test
	void startingWithTestPaymentsOnLogsAWarning() {
		assertThat(LogCapture.lines()).anySatisfy(line -> {
			assertThat(line.level()).isEqualTo(Level.WARN);
			assertThat(line.logger()).isEqualTo(TestCardGateway.class.getName());
			assertThat(line.message()).contains("Test payments are on").contains("BODEGA_TEST_PAYMENTS=false");
		});
	}

}

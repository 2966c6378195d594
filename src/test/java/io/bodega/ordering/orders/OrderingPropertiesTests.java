package io.bodega.ordering.orders;

import java.time.Duration;
import java.time.ZoneId;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class OrderingPropertiesTests {

	private static OrderingProperties withZone(String zone) {
		return new OrderingProperties(Duration.ofMinutes(15), 20, 10, Duration.ofHours(1), 10, ZoneId.of(zone), 10,
				Duration.ofSeconds(30));
	}

	@Test
	void theShopsTimeZoneIsARegionOrUtcNeverAFixedOffset() {
		assertThat(withZone("Europe/Berlin").timeZone()).isEqualTo(ZoneId.of("Europe/Berlin"));
		assertThat(withZone("Z").timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThat(withZone("+00:00").timeZone()).isEqualTo(ZoneId.of("UTC"));
		assertThatIllegalArgumentException().isThrownBy(() -> withZone("+02:00"))
			.withMessageContaining("BODEGA_TIMEZONE");
		assertThatIllegalArgumentException().isThrownBy(() -> withZone("GMT+2")).withMessageContaining("GMT+02:00");
	}

}

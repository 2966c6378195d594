package io.bodega.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryScheduleTests {

	@Test
	void pausesAtLeastTheSpecificationsScheduleWithUpToATenthOfJitter() {
		Duration[] expected = { Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
				Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14),
				Duration.ofHours(20), Duration.ofHours(24) };
		for (int failures = 1; failures <= expected.length; failures++) {
			Duration base = expected[failures - 1];
			for (int i = 0; i < 50; i++) {
				assertThat(RetrySchedule.pauseAfter(failures, null)).isBetween(base, base.plus(base.dividedBy(10)));
			}
		}
		assertThat(RetrySchedule.pauseAfter(10, null)).isNull();
		assertThat(RetrySchedule.pauseAfter(10, Duration.ofHours(1))).isNull();
	}

	@Test
	void aRetryAfterOnlyLengthensThePause() {
		assertThat(RetrySchedule.pauseAfter(1, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
		assertThat(RetrySchedule.pauseAfter(2, Duration.ofSeconds(1))).isGreaterThanOrEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void readsRetryAfterInSecondsOrAsAnHttpDateCappedAtADay() {
		Instant now = Instant.parse("2026-12-01T10:00:00Z");
		assertThat(RetrySchedule.retryAfter("120", now)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetrySchedule.retryAfter(" 0 ", now)).isEqualTo(Duration.ZERO);
		assertThat(RetrySchedule.retryAfter("Tue, 01 Dec 2026 12:30:00 GMT", now))
			.isGreaterThanOrEqualTo(Duration.ofMinutes(150));
		assertThat(RetrySchedule.retryAfter("Tue, 01 Dec 2026 09:00:00 GMT", now)).isEqualTo(Duration.ZERO);
		assertThat(RetrySchedule.retryAfter("9999999", now)).isEqualTo(Duration.ofHours(24));
		assertThat(RetrySchedule.retryAfter("99999999999999999999", now)).isEqualTo(Duration.ofHours(24));
		assertThat(RetrySchedule.retryAfter("Fri, 01 Jan 2027 00:00:00 GMT", now)).isEqualTo(Duration.ofHours(24));
		assertThat(RetrySchedule.retryAfter("soon", now)).isNull();
		assertThat(RetrySchedule.retryAfter("-5", now)).isNull();
		assertThat(RetrySchedule.retryAfter(null, now)).isNull();
	}

}

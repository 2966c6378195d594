package io.bodega.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failure, the n-th pause of
 * Standard Webhooks' schedule (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h) plus
 * up to a tenth more at random, so the retries of many deliveries that failed together
 * (an outage of the receiver) do not arrive together. After the last pause's attempt also
 * fails, the delivery has failed for good. A 429 or 503 answer's {@code Retry-After}
 * (seconds or an HTTP date, at most 24 h) may only make the pause longer.
 */
final class RetrySchedule {

	static final List<Duration> PAUSES = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30),
			Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(14), Duration.ofHours(20),
			Duration.ofHours(24));
	static final Duration LONGEST_RETRY_AFTER = Duration.ofHours(24);

	private RetrySchedule() {
	}

	/**
	 * The pause after the {@code failures}-th failure, or null when that was the last
	 * attempt.
	 */
	static Duration pauseAfter(int failures, Duration retryAfter) {
		if (failures < 1 || failures > PAUSES.size()) {
			return null;
		}
		Duration base = PAUSES.get(failures - 1);
		long jitter = ThreadLocalRandom.current().nextLong(base.toMillis() / 10 + 1);
		Duration pause = base.plusMillis(jitter);
		if (retryAfter != null && retryAfter.compareTo(pause) > 0) {
			return retryAfter;
		}
		return pause;
	}

	/**
	 * A {@code Retry-After} value as a pause from {@code now}, at most 24 h; null when
	 * absent or unreadable.
	 */
	static Duration retryAfter(String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.strip();
		Duration pause;
		if (text.chars().allMatch(Character::isDigit)) {
			pause = text.length() > 9 ? LONGEST_RETRY_AFTER : Duration.ofSeconds(Long.parseLong(text));
		}
		else {
			try {
				Instant until = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
				// HTTP dates have whole seconds: wait to the end of the one named, never
				// less
				pause = Duration.between(now, until.plusSeconds(1));
			}
			catch (DateTimeParseException e) {
				return null;
			}
		}
		if (pause.isNegative()) {
			return Duration.ZERO;
		}
		return pause.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : pause;
	}

}

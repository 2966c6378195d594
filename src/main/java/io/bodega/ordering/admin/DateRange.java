package io.bodega.ordering.admin;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import io.bodega.shared.ValidationFailed;
import org.jspecify.annotations.Nullable;

/**
 * The span a list of orders covers, as the API's {@code from} and {@code to} give it:
 * each a date (a whole day in the shop's time zone) or an instant, {@code from} inclusive
 * and {@code to} exclusive, so {@code from=2026-12-01&to=2026-12-07} is seven days, the
 * 7th included.
 *
 * @param from inclusive; null: no lower bound
 * @param before exclusive; null: no upper bound
 */
record DateRange(@Nullable Instant from, @Nullable Instant before) {

	static final String MESSAGE = "must be a date such as 2026-12-01 or an instant such as 2026-12-01T09:30:00Z";

	/**
	 * The range the two texts give in the zone; every bad one is named in one 400 answer.
	 */
	static DateRange parse(@Nullable String from, @Nullable String to, ZoneId zone) {
		List<ValidationFailed.FieldError> errors = new ArrayList<>();
		Instant start = instant(from, zone, false, "from", errors);
		Instant end = instant(to, zone, true, "to", errors);
		if (start != null && end != null && !start.isBefore(end)) {
			errors.add(new ValidationFailed.FieldError("to", "must be after from"));
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailed(errors);
		}
		return new DateRange(start, end);
	}

	/**
	 * An instant as given, or a date's first moment in the zone ({@code to}: the next
	 * day's, the date included).
	 */
	private static @Nullable Instant instant(@Nullable String value, ZoneId zone, boolean end, String field,
			List<ValidationFailed.FieldError> errors) {
		if (value == null) {
			return null;
		}
		try {
			if (value.length() == 10) {
				LocalDate day = LocalDate.parse(value);
				return (end ? day.plusDays(1) : day).atStartOfDay(zone).toInstant();
			}
			return OffsetDateTime.parse(value).toInstant();
		}
		catch (DateTimeException e) {
			errors.add(new ValidationFailed.FieldError(field, MESSAGE));
			return null;
		}
	}

}

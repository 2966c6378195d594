package io.bodega.accounts;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Cursors;

/**
 * Where a page of a list ordered newest first ({@code created_at desc, id desc}) ended: the last item's time and id,
 * both null before the first page. The SQL compares {@code (created_at, id) < (at, id)}, which its index answers.
 */
record NewestFirst(OffsetDateTime at, UUID id) {

	static NewestFirst after(Cursors cursors, String kind, String cursor) {
		if (cursor == null) {
			return new NewestFirst(null, null);
		}
		List<String> position = cursors.decode(kind, cursor);
		try {
			return new NewestFirst(Instant.parse(position.get(0)).atOffset(ZoneOffset.UTC),
					UUID.fromString(position.get(1)));
		}
		catch (DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
		}
	}

	static String cursor(Cursors cursors, String kind, Instant at, UUID id) {
		return cursors.encode(kind, List.of(at.toString(), id.toString()));
	}
}

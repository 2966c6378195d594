package io.bodega.accounts.users;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Cursors;

/**
 * Where a page of a list ordered newest first ({@code created_at desc, id desc}) ended:
 * the last item's time and id. Before the first page it is a position after everything
 * ({@code infinity}, the greatest id), so the SQL is always
 * {@code (created_at, id) < (cast(:at as timestamptz), cast(:id as uuid))}: one plan, and
 * an index range whatever the page (statements keep generic plans, which could not drop
 * an {@code :at is null or ...} branch).
 */
public record NewestFirst(String at, String id) {

	private static final NewestFirst START = new NewestFirst("infinity", "ffffffff-ffff-ffff-ffff-ffffffffffff");

	public static NewestFirst after(Cursors cursors, String kind, String cursor) {
		if (cursor == null) {
			return START;
		}
		List<String> position = cursors.decode(kind, cursor);
		try {
			return new NewestFirst(Instant.parse(position.get(0)).toString(),
					UUID.fromString(position.get(1)).toString());
		}
		catch (DateTimeParseException | IllegalArgumentException | IndexOutOfBoundsException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
		}
	}

	public static String cursor(Cursors cursors, String kind, Instant at, UUID id) {
		return cursors.encode(kind, List.of(at.toString(), id.toString()));
	}
}

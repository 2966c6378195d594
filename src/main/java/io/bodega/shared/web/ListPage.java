package io.bodega.shared.web;

import org.jspecify.annotations.Nullable;
import java.util.List;
import java.util.function.Function;

/**
 * A page of a list, as every list in the API answers it: {@code {"items": [...],
 * "nextCursor": "..." | null}}.
 */
public record ListPage<T>(List<T> items, @Nullable String nextCursor) {

	/**
	 * The page from rows read with {@code limit + 1}: the extra row only tells that there
	 * is more, and the cursor is made from the last row shown.
	 */
	public static <T> ListPage<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
		if (rows.size() <= limit) {
			return new ListPage<>(rows, null);
		}
		List<T> page = rows.subList(0, limit);
		return new ListPage<>(page, cursorOf.apply(page.getLast()));
	}
}

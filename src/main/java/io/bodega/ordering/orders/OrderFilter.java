package io.bodega.ordering.orders;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Locale;

/**
 * Which orders a list shows; every field is optional and they combine with "and". The SQL
 * has a condition only for what is set, so each combination is a statement of its own
 * with a plan of its own (connections keep generic plans, which an
 * {@code (:x is null or ...)} condition would spoil).
 *
 * @param before exclusive: orders created before it
 */
public record OrderFilter(UUID id, UUID userId, String status, String number, String email, Instant from,
		Instant before) {

	static OrderFilter byId(UUID id) {
		return new OrderFilter(id, null, null, null, null, null, null);
	}

	public static OrderFilter ofUser(UUID userId) {
		return new OrderFilter(null, userId, null, null, null, null, null);
	}

	String where() {
		List<String> conditions = new ArrayList<>();
		add(conditions, id, "id = :id");
		add(conditions, userId, "user_id = :user");
		add(conditions, status, "status = :status");
		add(conditions, number, "number = upper(:number)");
		add(conditions, email, "lower(email) = lower(:email)");
		add(conditions, from, "created_at >= :from");
		add(conditions, before, "created_at < :before");
		return conditions.isEmpty() ? "true" : String.join(" and ", conditions);
	}

	Map<String, Object> params() {
		Map<String, Object> params = new LinkedHashMap<>();
		put(params, "id", id);
		put(params, "user", userId);
		put(params, "status", status);
		put(params, "number", number);
		put(params, "email", email);
		put(params, "from", from == null ? null : Timestamp.from(from));
		put(params, "before", before == null ? null : Timestamp.from(before));
		return params;
	}

	/**
	 * What a cursor of this list is bound to: the filter itself, so that paging with
	 * other filters is refused.
	 */
	String cursorKind() {
		return "orders:" + (userId == null ? "" : userId) + ":" + (status == null ? "" : status) + ":"
				+ (number == null ? "" : number.toUpperCase(Locale.ROOT)) + ":"
				+ (email == null ? "" : email.toLowerCase(Locale.ROOT)) + ":" + (from == null ? "" : from) + ":"
				+ (before == null ? "" : before);
	}

	private static void add(List<String> conditions, Object value, String condition) {
		if (value != null) {
			conditions.add(condition);
		}
	}

	private static void put(Map<String, Object> params, String name, Object value) {
		if (value != null) {
			params.put(name, value);
		}
	}
}

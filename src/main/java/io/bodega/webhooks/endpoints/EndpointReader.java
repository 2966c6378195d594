package io.bodega.webhooks.endpoints;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.bodega.webhooks.endpoints.WebhookViews.Endpoint;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Endpoints as the admin API shows them: one, a page of them newest first, or one locked
 * for a change. A previous secret whose overlap has ended is not shown.
 */
@Component
class EndpointReader {

	private static final String LIST = "admin-webhooks";

	private static final String COLUMNS = """
			id, url, description, event_types, enabled, disabled_reason, failing_since, previous_secret_until,
			created_at, updated_at""";

	private final JdbcClient jdbc;

	private final Cursors cursors;

	EndpointReader(JdbcClient jdbc, Cursors cursors) {
		this.jdbc = jdbc;
		this.cursors = cursors;
	}

	ListPage<Endpoint> list(int limit, String cursor) {
		UUID below = cursor == null ? null : position(cursors.decode(LIST, cursor));
		List<Endpoint> rows = jdbc.sql("select " + COLUMNS + """
				 from webhook_endpoints
				where cast(:below as uuid) is null or id < :below
				order by id desc limit :limit""")
			.param("below", below)
			.param("limit", limit + 1)
			.query((rs, n) -> endpoint(rs))
			.list();
		return ListPage.of(rows, limit, last -> cursors.encode(LIST, List.of(last.id().toString())));
	}

	/** The endpoint, or 404. */
	Endpoint find(UUID id) {
		return one(id, "");
	}

	/** Locks the endpoint for a change, or 404. */
	Endpoint lock(UUID id) {
		return one(id, " for update");
	}

	private Endpoint one(UUID id, String locking) {
		return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ?" + locking)
			.param(id)
			.query((rs, n) -> endpoint(rs))
			.optional()
			.orElseThrow(() -> new NotFound("The webhook endpoint"));
	}

	private static UUID position(List<String> position) {
		UUID id = position.isEmpty() ? null : Ids.parseOrNull(position.getFirst());
		if (id == null) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
		}
		return id;
	}

	private static Endpoint endpoint(ResultSet rs) throws SQLException {
		Array types = rs.getArray("event_types");
		Timestamp previous = rs.getTimestamp("previous_secret_until");
		Timestamp failing = rs.getTimestamp("failing_since");
		return new Endpoint(rs.getObject("id", UUID.class), rs.getString("url"), rs.getString("description"),
				List.of((String[]) types.getArray()), rs.getBoolean("enabled"), rs.getString("disabled_reason"),
				failing == null ? null : failing.toInstant(),
				previous == null || previous.toInstant().isBefore(Instant.now()) ? null : previous.toInstant(),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
	}

}

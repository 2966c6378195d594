package io.bodega.audit;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import io.bodega.shared.ValidationFailed;

/**
 * The audit facade. An entry is written in the transaction of the change, so there is
 * never one without the other.
 */
@Service
public class AuditLog {

	/** One recorded change. */
	@Schema(name = "AuditEntry")
	public record Entry(long id, Instant at, @Nullable UUID actorId, @Nullable String actorEmail, String action,
			String entityType, @Nullable String entityId, @Nullable JsonNode before, @Nullable JsonNode after) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Cursors cursors;

	AuditLog(JdbcClient jdbc, JsonMapper json, Cursors cursors) {
		this.jdbc = jdbc;
		this.json = json;
		this.cursors = cursors;
	}

	/**
	 * Records a change; {@code before} or {@code after} is null for a creation or a
	 * removal.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(CurrentUser actor, String action, String entityType, String entityId, Object before,
			Object after) {
		jdbc.sql(
				"""
						insert into audit_log (actor_id, actor_email, action, entity_type, entity_id, before, after)
						values (:actorId, :actorEmail, :action, :entityType, :entityId, cast(:before as jsonb), cast(:after as jsonb))""")
			.param("actorId", actor == null ? null : actor.id())
			.param("actorEmail", actor == null ? null : actor.email())
			.param("action", action)
			.param("entityType", entityType)
			.param("entityId", entityId)
			.param("before", before == null ? null : json.writeValueAsString(before))
			.param("after", after == null ? null : json.writeValueAsString(after))
			.update();
	}

	/** The latest {@code count} entries, newest first, as {@link #list} shows them. */
	public List<Entry> recent(int count) {
		return list(null, null, count, null).items();
	}

	/** Newest first, optionally for one entity. */
	ListPage<Entry> list(String entityType, String entityId, int limit, String cursor) {
		long below = cursor == null ? Long.MAX_VALUE : parse(cursors.decode("audit", cursor).getFirst());
		List<Entry> rows = jdbc.sql("""
				select id, at, actor_id, actor_email, action, entity_type, entity_id, before::text, after::text
				from audit_log
				where id < :below
				  and (cast(:type as text) is null or entity_type = :type)
				  and (cast(:entity as text) is null or entity_id = :entity)
				order by id desc limit :limit""")
			.param("below", below)
			.param("type", entityType)
			.param("entity", entityId)
			.param("limit", limit + 1)
			.query((rs, n) -> new Entry(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getObject(3, UUID.class),
					rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), tree(rs.getString(8)),
					tree(rs.getString(9))))
			.list();
		return ListPage.of(rows, limit, last -> cursors.encode("audit", List.of(Long.toString(last.id()))));
	}

	private JsonNode tree(String text) {
		return text == null ? null : json.readTree(text);
	}

	private static long parse(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list");
		}
	}

}

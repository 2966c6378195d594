package io.bodega.webhooks.endpoints;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.bodega.webhooks.delivery.DeliveryWorker;
import io.bodega.webhooks.endpoints.WebhookViews.Attempt;
import io.bodega.webhooks.endpoints.WebhookViews.Delivery;
import io.bodega.webhooks.endpoints.WebhookViews.DeliveryDetail;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The admins' view of an endpoint's deliveries and their attempts, and replaying one. A
 * page of deliveries takes two statements whatever its size: the deliveries, then all
 * their attempts.
 */
@Service
class DeliveryLog {

	private static final String LIST = "admin-webhook-deliveries";

	private static final String COLUMNS = """
			id, webhook_id, event_type, status, attempts,
			case when next_attempt_at = 'infinity' then null else next_attempt_at end as next_attempt_at,
			created_at, completed_at, body,
			lease is not null and next_attempt_at > now() as leased""";

	private record Row(UUID id, String webhookId, String eventType, String status, int attempts, Instant nextAttemptAt,
			Instant createdAt, Instant completedAt, String body, boolean leased) {
	}

	private final JdbcClient jdbc;

	private final EndpointReader reader;

	private final DeliveryWorker worker;

	private final AuditLog audit;

	private final Cursors cursors;

	DeliveryLog(JdbcClient jdbc, EndpointReader reader, DeliveryWorker worker, AuditLog audit, Cursors cursors) {
		this.jdbc = jdbc;
		this.reader = reader;
		this.worker = worker;
		this.audit = audit;
		this.cursors = cursors;
	}

	/** The endpoint's deliveries, newest first, optionally of one status. */
	ListPage<Delivery> list(UUID endpoint, String status, int limit, String cursor) {
		reader.find(endpoint);
		UUID below = null;
		if (cursor != null) {
			List<String> position = cursors.decode(LIST, cursor);
			below = position.size() == 2 && position.get(0).equals(endpoint.toString())
					? Ids.parseOrNull(position.get(1)) : null;
			if (below == null) {
				throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
			}
		}
		List<Row> rows = jdbc.sql("select " + COLUMNS + """
				 from webhook_deliveries
				where endpoint_id = :endpoint
				  and (cast(:status as text) is null or status = :status)
				  and (cast(:below as uuid) is null or id < :below)
				order by id desc limit :limit""")
			.param("endpoint", endpoint)
			.param("status", status)
			.param("below", below)
			.param("limit", limit + 1)
			.query((rs, n) -> row(rs))
			.list();
		List<Row> shown = rows.subList(0, Math.min(limit, rows.size()));
		Map<UUID, List<Attempt>> attempts = attempts(shown.stream().map(Row::id).toList());
		List<Delivery> page = rows.stream()
			.map(row -> new Delivery(row.id(), row.webhookId(), row.eventType(), row.status(), row.attempts(),
					row.nextAttemptAt(), row.createdAt(), row.completedAt(),
					attempts.getOrDefault(row.id(), List.of())))
			.toList();
		String endpointId = endpoint.toString();
		return ListPage.of(page, limit, last -> cursors.encode(LIST, List.of(endpointId, last.id().toString())));
	}

	DeliveryDetail get(UUID endpoint, UUID delivery) {
		Row row = find(endpoint, delivery, false);
		return new DeliveryDetail(row.id(), row.webhookId(), row.eventType(), row.status(), row.attempts(),
				row.nextAttemptAt(), row.createdAt(), row.completedAt(),
				attempts(List.of(row.id())).getOrDefault(row.id(), List.of()), row.body());
	}

	/**
	 * Sends a delivery again, now: the same body under the same webhook-id, with the
	 * retry schedule started afresh (its failures counted from zero), whether it had
	 * succeeded, failed for good or was waiting for its next retry. A delivery being sent
	 * at this moment is refused. A replay is not held back behind later deliveries of its
	 * subject: the receiver may get it after newer messages (its {@code sequence} tells).
	 */
	@Transactional
	DeliveryDetail replay(UUID endpoint, UUID delivery, CurrentUser actor) {
		if (!reader.lock(endpoint).enabled()) {
			throw new InvalidEndpointState("The endpoint is disabled: enable it to replay deliveries");
		}
		Row row = find(endpoint, delivery, true);
		if (row.leased()) {
			throw new InvalidEndpointState("The delivery is being sent right now");
		}
		jdbc.sql("""
				update webhook_deliveries set status = 'pending', next_attempt_at = now(), completed_at = null,
				  failures = 0
				where id = ?""").param(delivery).update();
		audit.record(actor, "webhook.replay", "webhook", endpoint.toString(), null,
				Map.of("deliveryId", delivery.toString(), "webhookId", row.webhookId()));
		worker.wakeAfterCommit();
		return get(endpoint, delivery);
	}

	private Row find(UUID endpoint, UUID delivery, boolean lock) {
		return jdbc
			.sql("select " + COLUMNS + " from webhook_deliveries where id = :id and endpoint_id = :endpoint"
					+ (lock ? " for update" : ""))
			.param("id", delivery)
			.param("endpoint", endpoint)
			.query((rs, n) -> row(rs))
			.optional()
			.orElseThrow(() -> new NotFound("The delivery"));
	}

	private Map<UUID, List<Attempt>> attempts(List<UUID> deliveries) {
		if (deliveries.isEmpty()) {
			return Map.of();
		}
		record Owned(UUID delivery, long id, Attempt attempt) {
		}
		return jdbc.sql("""
				select delivery_id, id, attempted_at, status_code, duration_ms, response_body, error
				from webhook_attempts where delivery_id = any(:ids) order by id""")
			.param("ids", deliveries.toArray(UUID[]::new))
			.query((rs, n) -> new Owned(rs.getObject(1, UUID.class), rs.getLong(2),
					new Attempt(rs.getTimestamp(3).toInstant(), (Integer) rs.getObject(4), rs.getInt(5),
							rs.getString(6), rs.getString(7))))
			.list()
			.stream()
			.sorted(Comparator.comparingLong(Owned::id))
			.collect(Collectors.groupingBy(Owned::delivery, Collectors.mapping(Owned::attempt, Collectors.toList())));
	}

	private static Row row(ResultSet rs) throws SQLException {
		return new Row(rs.getObject("id", UUID.class), rs.getString("webhook_id"), rs.getString("event_type"),
				rs.getString("status"), rs.getInt("attempts"), instant(rs.getTimestamp("next_attempt_at")),
				rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("completed_at")),
				rs.getString("body"), rs.getBoolean("leased"));
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}

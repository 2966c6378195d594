package io.bodega.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Ids;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deliveries' lifecycle in the database. A delivery is claimed by any node ({@code FOR UPDATE SKIP LOCKED}) by
 * pushing its due time past a lease and committing; it is then sent with no transaction open, and its outcome is
 * recorded in a transaction of its own. A node that dies between the two leaves the delivery due again when the
 * lease ends, so a message is never lost (and, as with every webhook, may arrive twice: receivers de-duplicate by
 * webhook-id).
 * <p>
 * Deliveries of one subject (one order, one SKU) reach an endpoint in the order of their events: one is not claimed
 * while an earlier one of the same subject to the same endpoint is still pending, in flight or waiting to be retried.
 */
@Component
class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	/** A delivery claimed for sending, with what sending needs. */
	record Claimed(UUID id, UUID endpointId, String url, String webhookId, String body, int attempts, int failures,
			UUID lease, byte[] secret, byte @Nullable [] previousSecret, @Nullable Instant previousSecretUntil) {
	}

	/** What recording an outcome did to the endpoint, so its admins can be told. */
	enum EndpointChange {
		NONE, DISABLED_GONE, DISABLED_FAILING
	}

	private final JdbcClient jdbc;
	private final WebhookProperties properties;
	private final EndpointAlerts alerts;

	Deliveries(JdbcClient jdbc, WebhookProperties properties, EndpointAlerts alerts) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.alerts = alerts;
	}

	/** Inserts a pending delivery, due now; false when the endpoint already has one for the event. */
	@Transactional
	boolean insert(UUID endpoint, @Nullable Long eventId, String webhookId, String type, String subject, String body,
			UUID id) {
		return jdbc.sql("""
				insert into webhook_deliveries (id, endpoint_id, event_id, webhook_id, event_type, subject, body, status,
				  next_attempt_at)
				values (:id, :endpoint, :event, :webhookId, :type, :subject, :body, 'pending', now())
				on conflict (endpoint_id, event_id) do nothing""")
			.param("id", id)
			.param("endpoint", endpoint)
			.param("event", eventId)
			.param("webhookId", webhookId)
			.param("type", type)
			.param("subject", subject)
			.param("body", body)
			.update() == 1;
	}

	/**
	 * Claims up to {@code max} due deliveries of enabled endpoints (of one endpoint only, when given) for this node,
	 * for the lease; the caller's transaction, if any, is joined, so nothing is claimed until it commits.
	 */
	@Transactional
	List<Claimed> claim(int max, @Nullable UUID onlyEndpoint) {
		UUID lease = Ids.newId();
		List<UUID> ids = jdbc.sql("""
				update webhook_deliveries set next_attempt_at = now() + make_interval(secs => :lease), lease = :token
				where id in (
				  select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
				  where d.status = 'pending' and d.next_attempt_at <= now() and e.enabled
				    and (cast(:endpoint as uuid) is null or d.endpoint_id = :endpoint)
				    and not exists (select 1 from webhook_deliveries earlier
				                    where earlier.endpoint_id = d.endpoint_id and earlier.subject = d.subject
				                      and earlier.status = 'pending' and earlier.event_id < d.event_id)
				  order by d.next_attempt_at
				  limit :max
				  for update of d skip locked)
				returning id""")
			.param("lease", properties.lease().toSeconds())
			.param("token", lease)
			.param("endpoint", onlyEndpoint)
			.param("max", max)
			.query(UUID.class)
			.list();
		if (ids.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("""
				select d.id, d.endpoint_id, e.url, d.webhook_id, d.body, d.attempts, d.failures, d.lease, e.secret,
				  e.previous_secret, e.previous_secret_until
				from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
				where d.id = any(:ids)""")
			.param("ids", ids.toArray(UUID[]::new))
			.query((rs, n) -> new Claimed(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getObject(8, UUID.class),
					rs.getBytes(9), rs.getBytes(10), instant(rs.getTimestamp(11))))
			.list()
			.stream()
			.sorted(Comparator.comparing(Claimed::id))
			.toList();
	}

	/**
	 * Records an attempt and moves the delivery on: succeeded, due again after the schedule's pause, or failed for
	 * good. The endpoint's health moves with it; an endpoint that answered 410 Gone, or has had no success for longer
	 * than {@code BODEGA_WEBHOOK_DISABLE_AFTER}, is disabled. If the lease was lost meanwhile (this node took longer
	 * than the lease and another node sent the delivery again), only the attempt is recorded.
	 */
	@Transactional
	EndpointChange record(Claimed claimed, WebhookSender.Outcome outcome) {
		jdbc.sql("""
				insert into webhook_attempts (delivery_id, attempted_at, status_code, duration_ms, response_body, error)
				values (:delivery, :at, :status, :duration, :response, :error)""")
			.param("delivery", claimed.id())
			.param("at", Timestamp.from(outcome.at()))
			.param("status", outcome.status())
			.param("duration", (int) Math.min(Integer.MAX_VALUE, outcome.durationMillis()))
			.param("response", outcome.response() == null ? null : outcome.response().replace("\u0000", ""))
			.param("error", outcome.error())
			.update();
		jdbc.sql("update webhook_deliveries set attempts = attempts + 1 where id = ?").param(claimed.id()).update();
		if (outcome.succeeded()) {
			jdbc.sql("""
					update webhook_deliveries set status = 'succeeded', next_attempt_at = null, lease = null,
					  completed_at = now()
					where id = :id and lease = :lease""")
				.param("id", claimed.id())
				.param("lease", claimed.lease())
				.update();
			jdbc.sql("update webhook_endpoints set failing_since = null where id = ? and failing_since is not null")
				.param(claimed.endpointId())
				.update();
			return EndpointChange.NONE;
		}
		int failures = claimed.failures() + 1;
		Duration pause = RetrySchedule.pauseAfter(failures, outcome.retryAfter());
		jdbc.sql("""
				update webhook_deliveries set failures = :failures, lease = null,
				  status = case when cast(:pause as float8) is null then 'failed' else 'pending' end,
				  next_attempt_at = case when cast(:pause as float8) is null then null
				                         else now() + make_interval(secs => cast(:pause as float8)) end,
				  completed_at = case when cast(:pause as float8) is null then now() end
				where id = :id and lease = :lease""")
			.param("failures", failures)
			.param("pause", pause == null ? null : pause.toMillis() / 1000.0)
			.param("id", claimed.id())
			.param("lease", claimed.lease())
			.update();
		return failed(claimed.endpointId(), outcome);
	}

	private EndpointChange failed(UUID endpoint, WebhookSender.Outcome outcome) {
		jdbc.sql("update webhook_endpoints set failing_since = :at where id = :id and failing_since is null")
			.param("at", Timestamp.from(outcome.at()))
			.param("id", endpoint)
			.update();
		if (outcome.gone()) {
			if (disable(endpoint, "gone")) {
				alerts.disabled(endpoint, "it answered 410 Gone, which means it does not want webhooks any more");
				return EndpointChange.DISABLED_GONE;
			}
			return EndpointChange.NONE;
		}
		int disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = 'failing', updated_at = now()
				where id = :id and enabled and failing_since < now() - make_interval(secs => :after)""")
			.param("id", endpoint)
			.param("after", properties.disableAfter().toSeconds())
			.update();
		if (disabled == 1) {
			log.warn("Webhook endpoint {} disabled: no success for {}", endpoint, properties.disableAfter());
			alerts.disabled(endpoint, "none of its deliveries has succeeded for more than "
					+ EndpointAlerts.words(properties.disableAfter()));
			return EndpointChange.DISABLED_FAILING;
		}
		return EndpointChange.NONE;
	}

	private boolean disable(UUID endpoint, String reason) {
		boolean disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = :reason, updated_at = now()
				where id = :id and enabled""")
			.param("reason", reason)
			.param("id", endpoint)
			.update() == 1;
		if (disabled) {
			log.warn("Webhook endpoint {} disabled: it answered 410 Gone", endpoint);
		}
		return disabled;
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

	static List<String> secrets(SecretBox box, Claimed claimed, Instant now) {
		List<String> secrets = new ArrayList<>(2);
		secrets.add(box.open(claimed.endpointId(), claimed.secret()));
		if (claimed.previousSecret() != null && claimed.previousSecretUntil() != null
				&& claimed.previousSecretUntil().isAfter(now)) {
			secrets.add(box.open(claimed.endpointId(), claimed.previousSecret()));
		}
		return secrets;
	}
}

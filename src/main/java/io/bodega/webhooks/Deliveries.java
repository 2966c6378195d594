package io.bodega.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.Ids;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deliveries' lifecycle in the database. A delivery is claimed by any node
 * ({@code FOR UPDATE SKIP LOCKED}) by pushing its due time past a lease and committing;
 * it is then sent with no transaction open, and its outcome is recorded in a transaction
 * of its own. A node that dies between the two leaves the delivery due again when the
 * lease ends, so a message is never lost (and, as with every webhook, may arrive twice:
 * receivers de-duplicate by webhook-id).
 * <p>
 * Deliveries of one subject (one order, one SKU) reach an endpoint in the order of their
 * events: one is not claimed while an earlier one of the same subject to the same
 * endpoint is still pending, in flight or waiting to be retried. So that the claim does
 * not walk over rows it may not send, such a later delivery is not due before the earlier
 * one (its due time is pushed to the earlier one's, and pulled back when that one ends),
 * and the pending deliveries of a disabled endpoint are parked at {@code 'infinity'}
 * until it is enabled again. At most {@value #IN_FLIGHT_PER_ENDPOINT} deliveries of one
 * endpoint are in flight at once, so a slow endpoint cannot take every send of a node.
 */
@Component
class Deliveries {

	private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

	/**
	 * Deliveries of one endpoint in flight at once, over all nodes (two nodes claiming at
	 * the same moment may pass it).
	 */
	static final int IN_FLIGHT_PER_ENDPOINT = 4;

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

	/**
	 * Inserts a pending delivery, due now or, behind an earlier pending one of its
	 * subject, when that one is; false when the endpoint already has one for the event.
	 */
	@Transactional
	boolean insert(UUID endpoint, @Nullable Long eventId, String webhookId, String type, String subject, String body,
			UUID id) {
		return jdbc
			.sql("""
					insert into webhook_deliveries (id, endpoint_id, event_id, webhook_id, event_type, subject, body, status,
					  next_attempt_at)
					values (:id, :endpoint, :event, :webhookId, :type, :subject, :body, 'pending',
					  greatest(now(), (select max(earlier.next_attempt_at) from webhook_deliveries earlier
					                   where earlier.endpoint_id = :endpoint and earlier.subject = :subject
					                     and earlier.status = 'pending')))
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
	 * Claims up to {@code max} due deliveries of enabled endpoints (of one endpoint only,
	 * when given) for this node, for the lease, leaving out endpoints that already have
	 * {@value #IN_FLIGHT_PER_ENDPOINT} in flight; the caller's transaction, if any, is
	 * joined, so nothing is claimed until it commits.
	 */
	@Transactional
	List<Claimed> claim(int max, @Nullable UUID onlyEndpoint) {
		UUID lease = Ids.newId();
		List<UUID> ids = jdbc.sql("""
				with in_flight as (
				  select endpoint_id, count(*) as sending from webhook_deliveries
				  where lease is not null and status = 'pending' and next_attempt_at > now()
				  group by endpoint_id),
				due as (
				  select d.id, d.next_attempt_at,
				    row_number() over (partition by d.endpoint_id order by d.next_attempt_at, d.id) as place,
				    coalesce(f.sending, 0) as sending
				  from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
				    left join in_flight f on f.endpoint_id = d.endpoint_id
				  where d.status = 'pending' and d.next_attempt_at <= now() and e.enabled
				    and coalesce(f.sending, 0) < :perEndpoint
				    and (cast(:endpoint as uuid) is null or d.endpoint_id = :endpoint)
				    and not exists (select 1 from webhook_deliveries earlier
				                    where earlier.endpoint_id = d.endpoint_id and earlier.subject = d.subject
				                      and earlier.status = 'pending' and earlier.event_id < d.event_id))
				update webhook_deliveries set next_attempt_at = now() + make_interval(secs => :lease), lease = :token
				where id in (
				  select d.id from webhook_deliveries d join due on due.id = d.id
				  -- checked again on the row as locked: another node may have claimed it since this statement began
				  where d.status = 'pending' and d.next_attempt_at <= now()
				    and due.place <= :perEndpoint - due.sending
				  order by due.next_attempt_at
				  limit :max
				  for update of d skip locked)
				returning id""")
			.param("lease", properties.lease().toSeconds())
			.param("token", lease)
			.param("endpoint", onlyEndpoint)
			.param("perEndpoint", IN_FLIGHT_PER_ENDPOINT)
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
	 * Records an attempt and moves the delivery on: succeeded, due again after the
	 * schedule's pause, or failed for good. The endpoint's health moves with it; an
	 * endpoint that answered 410 Gone, or has had no success for longer than
	 * {@code BODEGA_WEBHOOK_DISABLE_AFTER}, is disabled. If the lease was lost meanwhile
	 * (this node took longer than the lease and another node sent the delivery again),
	 * only the attempt is recorded, and the endpoint's health is left to the node that
	 * holds the lease now; a 410 still disables it.
	 */
	@Transactional
	EndpointChange record(Claimed claimed, WebhookSender.Outcome outcome) {
		// the endpoint first, then its delivery: the order in which deleting an endpoint
		// locks them, so the two wait
		// for each other instead of deadlocking
		boolean exists = !jdbc.sql("select id from webhook_endpoints where id = ? for no key update")
			.param(claimed.endpointId())
			.query(UUID.class)
			.list()
			.isEmpty();
		if (!exists) {
			return EndpointChange.NONE;
		}
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
			boolean held = jdbc.sql("""
					update webhook_deliveries set status = 'succeeded', next_attempt_at = null, lease = null,
					  completed_at = now()
					where id = :id and lease = :lease""")
				.param("id", claimed.id())
				.param("lease", claimed.lease())
				.update() == 1;
			if (held) {
				releaseLater(claimed.id());
				jdbc.sql("update webhook_endpoints set failing_since = null where id = ? and failing_since is not null")
					.param(claimed.endpointId())
					.update();
			}
			return EndpointChange.NONE;
		}
		int failures = claimed.failures() + 1;
		Duration pause = RetrySchedule.pauseAfter(failures, outcome.retryAfter());
		// a disabled endpoint's delivery is parked, not due (the endpoint may have been
		// disabled while it was sent)
		List<Optional<Timestamp>> moved = jdbc.sql("""
				update webhook_deliveries d set failures = :failures, lease = null,
				  status = case when cast(:pause as float8) is null then 'failed' else 'pending' end,
				  next_attempt_at = case when cast(:pause as float8) is null then null
				                         when not e.enabled then 'infinity'
				                         else now() + make_interval(secs => cast(:pause as float8)) end,
				  completed_at = case when cast(:pause as float8) is null then now() end
				from webhook_endpoints e
				where e.id = d.endpoint_id and d.id = :id and d.lease = :lease
				returning d.next_attempt_at""")
			.param("failures", failures)
			.param("pause", pause == null ? null : pause.toMillis() / 1000.0)
			.param("id", claimed.id())
			.param("lease", claimed.lease())
			.query((rs, n) -> Optional.ofNullable(rs.getTimestamp(1)))
			.list();
		if (moved.isEmpty()) {
			// another node holds the delivery now: its outcome, not this late one, speaks
			// for the endpoint's health
			return outcome.gone() ? gone(claimed.endpointId()) : EndpointChange.NONE;
		}
		moved.getFirst().ifPresentOrElse(next -> holdLater(claimed.id(), next), () -> releaseLater(claimed.id()));
		return failed(claimed.endpointId(), outcome);
	}

	/**
	 * The later pending deliveries of the subject wait (are not due) until the earlier
	 * one's next attempt.
	 */
	private void holdLater(UUID delivery, Timestamp until) {
		jdbc.sql("""
				update webhook_deliveries later set next_attempt_at = :until
				from webhook_deliveries earlier
				where earlier.id = :id and later.endpoint_id = earlier.endpoint_id and later.subject = earlier.subject
				  and later.event_id > earlier.event_id and later.status = 'pending' and later.lease is null
				  and later.next_attempt_at < :until""").param("until", until).param("id", delivery).update();
	}

	/**
	 * The earlier delivery of the subject ended: the next one is due now, unless it waits
	 * for a retry of its own.
	 */
	private void releaseLater(UUID delivery) {
		jdbc.sql("""
				update webhook_deliveries later set next_attempt_at = now()
				from webhook_deliveries earlier join webhook_endpoints e on e.id = earlier.endpoint_id
				where earlier.id = :id and e.enabled and later.endpoint_id = earlier.endpoint_id
				  and later.subject = earlier.subject and later.event_id > earlier.event_id and later.status = 'pending'
				  and later.lease is null and later.failures = 0 and later.next_attempt_at > now()""")
			.param("id", delivery)
			.update();
	}

	/**
	 * Parks the endpoint's pending deliveries that are not being sent: a disabled
	 * endpoint's are not due. Its deliveries in flight are parked when their attempt is
	 * recorded.
	 */
	void park(UUID endpoint) {
		jdbc.sql("""
				update webhook_deliveries set next_attempt_at = 'infinity'
				where endpoint_id = ? and status = 'pending' and (lease is null or next_attempt_at <= now())""")
			.param(endpoint)
			.update();
	}

	private EndpointChange failed(UUID endpoint, WebhookSender.Outcome outcome) {
		jdbc.sql("update webhook_endpoints set failing_since = :at where id = :id and failing_since is null")
			.param("at", Timestamp.from(outcome.at()))
			.param("id", endpoint)
			.update();
		if (outcome.gone()) {
			return gone(endpoint);
		}
		int disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = 'failing', updated_at = now()
				where id = :id and enabled and failing_since < now() - make_interval(secs => :after)""")
			.param("id", endpoint)
			.param("after", properties.disableAfter().toSeconds())
			.update();
		if (disabled == 1) {
			park(endpoint);
			log.warn("Webhook endpoint {} disabled: no success for {}", endpoint, properties.disableAfter());
			alerts.disabled(endpoint, "none of its deliveries has succeeded for more than "
					+ EndpointAlerts.words(properties.disableAfter()));
			return EndpointChange.DISABLED_FAILING;
		}
		return EndpointChange.NONE;
	}

	private EndpointChange gone(UUID endpoint) {
		if (disable(endpoint, "gone")) {
			park(endpoint);
			alerts.disabled(endpoint, "it answered 410 Gone, which means it does not want webhooks any more");
			return EndpointChange.DISABLED_GONE;
		}
		return EndpointChange.NONE;
	}

	private boolean disable(UUID endpoint, String reason) {
		boolean disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = :reason, updated_at = now()
				where id = :id and enabled""").param("reason", reason).param("id", endpoint).update() == 1;
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

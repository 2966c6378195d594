package io.bodega.webhooks.delivery;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.bodega.webhooks.delivery.Deliveries.Claimed;
import io.bodega.webhooks.delivery.EndpointHealth.Change;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What came of an attempt, recorded in a transaction of its own after the send: the
 * attempt itself, the delivery moved on (succeeded, due again after the
 * {@link RetrySchedule}'s pause, or failed for good), the later deliveries of its subject
 * held back or let go, and the endpoint's health ({@link EndpointHealth}).
 */
@Component
class DeliveryOutcomes {

	private final JdbcClient jdbc;

	private final EndpointHealth health;

	DeliveryOutcomes(JdbcClient jdbc, EndpointHealth health) {
		this.jdbc = jdbc;
		this.health = health;
	}

	/**
	 * Records an attempt and moves the delivery on. The endpoint's health moves with it;
	 * an endpoint that answered 410 Gone, or has had no success for longer than
	 * {@code BODEGA_WEBHOOK_DISABLE_AFTER}, is disabled. If the lease was lost meanwhile
	 * (this node took longer than the lease and another node sent the delivery again),
	 * only the attempt is recorded, and the endpoint's health is left to the node that
	 * holds the lease now; a 410 still disables it.
	 */
	@Transactional
	Change record(Claimed claimed, WebhookSender.Outcome outcome) {
		// the endpoint first, then its delivery: the order in which deleting an endpoint
		// locks them, so the two wait for each other instead of deadlocking
		boolean exists = !jdbc.sql("select id from webhook_endpoints where id = ? for no key update")
			.param(claimed.endpointId())
			.query(UUID.class)
			.list()
			.isEmpty();
		if (!exists) {
			return Change.NONE;
		}
		recordAttempt(claimed, outcome);
		if (outcome.succeeded()) {
			succeeded(claimed);
			return Change.NONE;
		}
		return failed(claimed, outcome);
	}

	private void recordAttempt(Claimed claimed, WebhookSender.Outcome outcome) {
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
	}

	private void succeeded(Claimed claimed) {
		boolean held = jdbc.sql("""
				update webhook_deliveries set status = 'succeeded', next_attempt_at = null, lease = null,
				  completed_at = now()
				where id = :id and lease = :lease""")
			.param("id", claimed.id())
			.param("lease", claimed.lease())
			.update() == 1;
		if (held) {
			releaseLater(claimed.id());
			health.succeeded(claimed.endpointId());
		}
	}

	/** Due again after the schedule's pause, or failed for good after the last one. */
	private Change failed(Claimed claimed, WebhookSender.Outcome outcome) {
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
			return outcome.gone() ? health.gone(claimed.endpointId()) : Change.NONE;
		}
		moved.getFirst().ifPresentOrElse(next -> holdLater(claimed.id(), next), () -> releaseLater(claimed.id()));
		return health.failed(claimed.endpointId(), outcome);
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

}

package io.bodega.webhooks.delivery;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Ids;
import io.bodega.webhooks.endpoints.SecretBox;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The deliveries' queue in the database: made pending, claimed, parked. A delivery is
 * claimed by any node ({@code FOR UPDATE SKIP LOCKED}) by pushing its due time past a
 * lease and committing; it is then sent with no transaction open, and its outcome is
 * recorded in a transaction of its own ({@link DeliveryOutcomes}). A node that dies
 * between the two leaves the delivery due again when the lease ends, so a message is
 * never lost (and, as with every webhook, may arrive twice: receivers de-duplicate by
 * webhook-id).
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
public class Deliveries {

	/**
	 * Deliveries of one endpoint in flight at once, over all nodes (two nodes claiming at
	 * the same moment may pass it).
	 */
	static final int IN_FLIGHT_PER_ENDPOINT = 4;

	/** A delivery claimed for sending, with what sending needs. */
	record Claimed(UUID id, UUID endpointId, String url, String webhookId, String body, int attempts, int failures,
			UUID lease, byte[] secret, byte @Nullable [] previousSecret, @Nullable Instant previousSecretUntil) {

		/**
		 * The secrets that sign it: the endpoint's, and the one it replaced while a
		 * rotation's overlap lasts.
		 */
		List<String> secrets(SecretBox box, Instant now) {
			List<String> secrets = new ArrayList<>(2);
			secrets.add(box.open(endpointId, secret));
			if (previousSecret != null && previousSecretUntil != null && previousSecretUntil.isAfter(now)) {
				secrets.add(box.open(endpointId, previousSecret));
			}
			return secrets;
		}

	}

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	Deliveries(JdbcClient jdbc, WebhookProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Inserts a pending delivery, due now or, behind an earlier pending one of its
	 * subject, when that one is; false when the endpoint already has one for the event.
	 */
	@Transactional
	public boolean insert(UUID endpoint, @Nullable Long eventId, String webhookId, String type, String subject,
			String body, UUID id) {
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
		List<UUID> ids = lease(max, onlyEndpoint);
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
	 * Pushes the due time of the deliveries claimed past the lease, under a new lease
	 * token: the claim itself, in one statement.
	 */
	private List<UUID> lease(int max, @Nullable UUID onlyEndpoint) {
		return jdbc.sql("""
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
			.param("token", Ids.newId())
			.param("endpoint", onlyEndpoint)
			.param("perEndpoint", IN_FLIGHT_PER_ENDPOINT)
			.param("max", max)
			.query(UUID.class)
			.list();
	}

	/**
	 * Parks the endpoint's pending deliveries that are not being sent: a disabled
	 * endpoint's are not due. Its deliveries in flight are parked when their attempt is
	 * recorded.
	 */
	public void park(UUID endpoint) {
		jdbc.sql("""
				update webhook_deliveries set next_attempt_at = 'infinity'
				where endpoint_id = ? and status = 'pending' and (lease is null or next_attempt_at <= now())""")
			.param(endpoint)
			.update();
	}

	private static Instant instant(Timestamp timestamp) {
		return timestamp == null ? null : timestamp.toInstant();
	}

}

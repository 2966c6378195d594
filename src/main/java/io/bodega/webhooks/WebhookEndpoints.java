package io.bodega.webhooks;

import java.net.URI;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.events.EventLog;
import io.bodega.events.EventTypes;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.bodega.webhooks.WebhookViews.CreatedEndpoint;
import io.bodega.webhooks.WebhookViews.Endpoint;
import io.bodega.webhooks.WebhookViews.RotatedSecret;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.temporal.ChronoUnit;

/**
 * What admins do to webhook endpoints. Each change is one transaction with its audit
 * entry (which never holds a secret); a URL's name is looked up before it opens, so no
 * lookup holds a lock. A new endpoint receives the events committed after it was made. A
 * disabled one is sent nothing, and its pending deliveries are parked; enabled again, it
 * resumes where it stopped: its parked deliveries are due at once, in order, and the
 * events committed meanwhile are delivered too, as far as the event log still holds them
 * ({@code BODEGA_EVENT_LOG_KEEP}).
 */
@Service
class WebhookEndpoints {

	/** An admin move that the endpoint's state does not allow. */
	static final class InvalidEndpointState extends Conflict {

		InvalidEndpointState(String detail) {
			super("invalid_state", detail);
		}

	}

	static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
	static final String TEST_EVENT = "webhook.test";

	private static final String LIST = "admin-webhooks";

	private static final String COLUMNS = """
			id, url, description, event_types, enabled, disabled_reason, failing_since, previous_secret_until,
			created_at, updated_at""";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final SecretBox secrets;

	private final WebhookSender sender;

	private final DeliveryWorker worker;

	private final FanOut fanOut;

	private final Deliveries deliveries;

	private final EventLog events;

	private final AuditLog audit;

	private final Cursors cursors;

	private final TransactionTemplate tx;

	WebhookEndpoints(JdbcClient jdbc, JsonMapper json, SecretBox secrets, WebhookSender sender, DeliveryWorker worker,
			Deliveries deliveries, EventLog events, AuditLog audit, Cursors cursors, TransactionTemplate tx,
			FanOut fanOut) {
		this.fanOut = fanOut;
		this.jdbc = jdbc;
		this.json = json;
		this.secrets = secrets;
		this.sender = sender;
		this.worker = worker;
		this.deliveries = deliveries;
		this.events = events;
		this.audit = audit;
		this.cursors = cursors;
		this.tx = tx;
	}

	CreatedEndpoint create(String url, List<String> eventTypes, String description, CurrentUser actor) {
		String checkedUrl = checkUrl(url);
		List<String> types = checkTypes(eventTypes);
		CreatedEndpoint created = tx.execute(status -> insert(checkedUrl, types, description, actor));
		fanOut.endpointsChanged();
		return created;
	}

	private CreatedEndpoint insert(String checkedUrl, List<String> types, String description, CurrentUser actor) {
		UUID id = Ids.newId();
		String secret = SecretBox.newSecret();
		jdbc.sql("""
				insert into webhook_endpoints (id, url, description, event_types, secret, event_cursor)
				values (:id, :url, :description, :types, :secret, :cursor)""")
			.param("id", id)
			.param("url", checkedUrl)
			.param("description", description == null ? "" : description.strip())
			.param("types", types.toArray(String[]::new))
			.param("secret", secrets.seal(id, secret))
			.param("cursor", events.latestId())
			.update();
		Endpoint created = find(id);
		audit.record(actor, "webhook.create", "webhook", id.toString(), null, created);
		return new CreatedEndpoint(id, created.url(), created.description(), created.eventTypes(), created.enabled(),
				secret, created.createdAt(), created.updatedAt());
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

	Endpoint get(UUID id) {
		return find(id);
	}

	/**
	 * Changes what is given; {@code enabled} enables or disables as {@link #setEnabled}
	 * does.
	 */
	Endpoint update(UUID id, String url, List<String> eventTypes, String description, Boolean enabled,
			CurrentUser actor) {
		find(id);
		List<FieldError> errors = new ArrayList<>();
		String checkedUrl = null;
		List<String> types = null;
		try {
			checkedUrl = url == null ? null : checkUrl(url);
		}
		catch (ValidationFailed e) {
			errors.addAll(e.errors());
		}
		try {
			types = eventTypes == null ? null : checkTypes(eventTypes);
		}
		catch (ValidationFailed e) {
			errors.addAll(e.errors());
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailed(errors);
		}
		String newUrl = checkedUrl;
		List<String> newTypes = types;
		return tx.execute(status -> change(id, newUrl, newTypes, description, enabled, actor));
	}

	private Endpoint change(UUID id, String checkedUrl, List<String> types, String description, Boolean enabled,
			CurrentUser actor) {
		Endpoint before = lock(id);
		jdbc.sql(
				"""
						update webhook_endpoints set url = coalesce(:url, url), description = coalesce(:description, description),
						  event_types = coalesce(:types, event_types), updated_at = now()
						where id = :id""")
			.param("url", checkedUrl)
			.param("description", description == null ? null : description.strip())
			.param("types", types == null ? null : types.toArray(String[]::new))
			.param("id", id)
			.update();
		if (enabled != null && enabled != before.enabled()) {
			changeEnabled(id, enabled);
		}
		Endpoint after = find(id);
		audit.record(actor, "webhook.update", "webhook", id.toString(), before, after);
		return after;
	}

	@Transactional
	Endpoint setEnabled(UUID id, boolean enabled, CurrentUser actor) {
		Endpoint before = lock(id);
		if (before.enabled() == enabled) {
			return before;
		}
		changeEnabled(id, enabled);
		Endpoint after = find(id);
		audit.record(actor, enabled ? "webhook.enable" : "webhook.disable", "webhook", id.toString(), before, after);
		return after;
	}

	/**
	 * Enabling resumes the endpoint where it stopped: its cursor stays, so the events
	 * committed while it was disabled are delivered too (those the event log has dropped
	 * meanwhile are gone), and its pending deliveries are due at once, in their order.
	 * Disabling parks its pending deliveries, so the claim does not walk over them.
	 */
	private void changeEnabled(UUID id, boolean enabled) {
		if (enabled) {
			jdbc.sql("""
					update webhook_endpoints set enabled = true, disabled_reason = null, failing_since = null,
					  updated_at = now()
					where id = ?""").param(id).update();
			jdbc.sql("""
					update webhook_deliveries set next_attempt_at = now()
					where endpoint_id = ? and status = 'pending' and lease is null and next_attempt_at > now()""")
				.param(id)
				.update();
			fanOut.endpointsChanged();
			wakeAfterCommit();
		}
		else {
			jdbc.sql("update webhook_endpoints set enabled = false, disabled_reason = 'admin', updated_at = now() "
					+ "where id = ?")
				.param(id)
				.update();
			deliveries.park(id);
		}
	}

	@Transactional
	void delete(UUID id, CurrentUser actor) {
		Endpoint before = lock(id);
		jdbc.sql("delete from webhook_endpoints where id = ?").param(id).update();
		audit.record(actor, "webhook.delete", "webhook", id.toString(), before, null);
	}

	/**
	 * A new secret; the one it replaces keeps signing (beside it) for
	 * {@link #ROTATION_OVERLAP}. Refused while an earlier rotation's overlap lasts: it
	 * would end the overlap early and drop the secret the receiver may still use.
	 */
	@Transactional
	RotatedSecret rotateSecret(UUID id, CurrentUser actor) {
		Endpoint before = lock(id);
		if (before.previousSecretExpiresAt() != null) {
			throw new InvalidEndpointState("The secret was rotated less than 24 hours ago: the previous secret signs "
					+ "until " + before.previousSecretExpiresAt().truncatedTo(ChronoUnit.SECONDS)
					+ "; rotate again after that");
		}
		String secret = SecretBox.newSecret();
		Instant until = jdbc.sql("""
				update webhook_endpoints set previous_secret = secret, secret = :secret,
				  previous_secret_until = now() + make_interval(secs => :overlap), updated_at = now()
				where id = :id returning previous_secret_until""")
			.param("secret", secrets.seal(id, secret))
			.param("overlap", ROTATION_OVERLAP.toSeconds())
			.param("id", id)
			.query(Timestamp.class)
			.single()
			.toInstant();
		audit.record(actor, "webhook.rotate-secret", "webhook", id.toString(), before, find(id));
		return new RotatedSecret(secret, until);
	}

	/** A {@code webhook.test} message to this endpoint only, sent at once. */
	@Transactional
	UUID sendTest(UUID id, CurrentUser actor) {
		Endpoint endpoint = lock(id);
		if (!endpoint.enabled()) {
			throw new InvalidEndpointState("The endpoint is disabled: enable it to send it a test event");
		}
		UUID delivery = Ids.newId();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", id.toString());
		data.put("message", "A test event sent from Bodega's admin API");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TEST_EVENT);
		body.put("timestamp", Instant.now().toString());
		body.put("data", data);
		deliveries.insert(id, null, "msg_test_" + delivery.toString().replace("-", ""), TEST_EVENT,
				TEST_EVENT + ":" + delivery, json.writeValueAsString(body), delivery);
		audit.record(actor, "webhook.test", "webhook", id.toString(), null, Map.of("deliveryId", delivery.toString()));
		wakeAfterCommit();
		return delivery;
	}

	/** Locks the endpoint for a change, or 404. */
	Endpoint lock(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ? for update")
			.param(id)
			.query((rs, n) -> endpoint(rs))
			.optional()
			.orElseThrow(() -> new NotFound("The webhook endpoint"));
	}

	Endpoint find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from webhook_endpoints where id = ?")
			.param(id)
			.query((rs, n) -> endpoint(rs))
			.optional()
			.orElseThrow(() -> new NotFound("The webhook endpoint"));
	}

	void wakeAfterCommit() {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				worker.wake();
			}
		});
	}

	private String checkUrl(String url) {
		try {
			URI uri = AddressPolicy.parse(url.strip());
			sender.policy().check(uri);
			return uri.toString();
		}
		catch (AddressPolicy.Refused refused) {
			throw new ValidationFailed("url", refused.getMessage());
		}
	}

	private static List<String> checkTypes(List<String> eventTypes) {
		List<FieldError> errors = new ArrayList<>();
		Set<String> types = new TreeSet<>();
		for (int i = 0; i < eventTypes.size(); i++) {
			String type = eventTypes.get(i);
			if (!EventTypes.WEBHOOK.contains(type)) {
				errors.add(new FieldError("eventTypes[" + i + "]",
						"is not an event type webhooks can subscribe to; one of "
								+ String.join(", ", new TreeSet<>(EventTypes.WEBHOOK))));
			}
			types.add(type);
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailed(errors);
		}
		return List.copyOf(types);
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

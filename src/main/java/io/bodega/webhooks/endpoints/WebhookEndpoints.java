package io.bodega.webhooks.endpoints;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.events.EventLog;
import io.bodega.events.EventTypes;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import io.bodega.webhooks.delivery.Deliveries;
import io.bodega.webhooks.delivery.DeliveryWorker;
import io.bodega.webhooks.delivery.FanOut;
import io.bodega.webhooks.delivery.WebhookSender;
import io.bodega.webhooks.endpoints.WebhookViews.CreatedEndpoint;
import io.bodega.webhooks.endpoints.WebhookViews.Endpoint;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What admins change on webhook endpoints (reading them is {@link EndpointReader}'s,
 * rotating their secrets {@link SecretRotation}'s). Each change is one transaction with
 * its audit entry (which never holds a secret); a URL's name is looked up before it
 * opens, so no lookup holds a lock. A new endpoint receives the events committed after it
 * was made. A disabled one is sent nothing, and its pending deliveries are parked;
 * enabled again, it resumes where it stopped: its parked deliveries are due at once, in
 * order, and the events committed meanwhile are delivered too, as far as the event log
 * still holds them ({@code BODEGA_EVENT_LOG_KEEP}).
 */
@Service
class WebhookEndpoints {

	private final JdbcClient jdbc;

	private final SecretBox secrets;

	private final EndpointReader reader;

	private final WebhookSender sender;

	private final DeliveryWorker worker;

	private final FanOut fanOut;

	private final Deliveries deliveries;

	private final EventLog events;

	private final AuditLog audit;

	private final TransactionTemplate tx;

	WebhookEndpoints(JdbcClient jdbc, SecretBox secrets, EndpointReader reader, WebhookSender sender,
			DeliveryWorker worker, FanOut fanOut, Deliveries deliveries, EventLog events, AuditLog audit,
			TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.reader = reader;
		this.sender = sender;
		this.worker = worker;
		this.fanOut = fanOut;
		this.deliveries = deliveries;
		this.events = events;
		this.audit = audit;
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
		Endpoint created = reader.find(id);
		audit.record(actor, "webhook.create", "webhook", id.toString(), null, created);
		return new CreatedEndpoint(id, created.url(), created.description(), created.eventTypes(), created.enabled(),
				secret, created.createdAt(), created.updatedAt());
	}

	/**
	 * Changes what is given; {@code enabled} enables or disables as {@link #setEnabled}
	 * does.
	 */
	Endpoint update(UUID id, String url, List<String> eventTypes, String description, Boolean enabled,
			CurrentUser actor) {
		reader.find(id);
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
		Endpoint before = reader.lock(id);
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
		Endpoint after = reader.find(id);
		audit.record(actor, "webhook.update", "webhook", id.toString(), before, after);
		return after;
	}

	@Transactional
	Endpoint setEnabled(UUID id, boolean enabled, CurrentUser actor) {
		Endpoint before = reader.lock(id);
		if (before.enabled() == enabled) {
			return before;
		}
		changeEnabled(id, enabled);
		Endpoint after = reader.find(id);
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
			worker.wakeAfterCommit();
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
		Endpoint before = reader.lock(id);
		jdbc.sql("delete from webhook_endpoints where id = ?").param(id).update();
		audit.record(actor, "webhook.delete", "webhook", id.toString(), before, null);
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

}

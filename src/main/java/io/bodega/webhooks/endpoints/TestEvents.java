package io.bodega.webhooks.endpoints;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.webhooks.delivery.Deliveries;
import io.bodega.webhooks.delivery.DeliveryWorker;
import io.bodega.webhooks.endpoints.WebhookViews.Endpoint;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code webhook.test} message an admin sends to one endpoint to see what it answers:
 * a delivery of its own, outside the event log, sent at once.
 */
@Service
public class TestEvents {

	/** The type of the message, which the webhook document describes beside the log's. */
	public static final String TYPE = "webhook.test";

	private final EndpointReader reader;

	private final Deliveries deliveries;

	private final DeliveryWorker worker;

	private final AuditLog audit;

	private final JsonMapper json;

	TestEvents(EndpointReader reader, Deliveries deliveries, DeliveryWorker worker, AuditLog audit, JsonMapper json) {
		this.reader = reader;
		this.deliveries = deliveries;
		this.worker = worker;
		this.audit = audit;
		this.json = json;
	}

	/** A test message to this endpoint only, sent once the transaction commits. */
	@Transactional
	UUID send(UUID id, CurrentUser actor) {
		Endpoint endpoint = reader.lock(id);
		if (!endpoint.enabled()) {
			throw new InvalidEndpointState("The endpoint is disabled: enable it to send it a test event");
		}
		UUID delivery = Ids.newId();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("endpointId", id.toString());
		data.put("message", "A test event sent from Bodega's admin API");
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", TYPE);
		body.put("timestamp", Instant.now().toString());
		body.put("data", data);
		deliveries.insert(id, null, "msg_test_" + delivery.toString().replace("-", ""), TYPE, TYPE + ":" + delivery,
				json.writeValueAsString(body), delivery);
		audit.record(actor, "webhook.test", "webhook", id.toString(), null, Map.of("deliveryId", delivery.toString()));
		worker.wakeAfterCommit();
		return delivery;
	}

}

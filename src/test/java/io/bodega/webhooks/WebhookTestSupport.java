package io.bodega.webhooks;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the webhook tests share (those of endpoints and of delivery): an admin, a
 * receiver, endpoints made through the API, the deliveries' rows.
 */
public abstract class WebhookTestSupport extends ApiTest {

	protected String admin;

	protected Receiver receiver;

	@BeforeEach
	protected void adminAndReceiver() {
		admin = adminToken();
		receiver = Receiver.start();
	}

	/**
	 * Endpoints left behind would go on receiving (and failing) every later test's
	 * events.
	 */
	@AfterEach
	protected void stopReceiverAndEndpoints() {
		receiver.close();
		jdbc.sql("delete from webhook_endpoints").update();
	}

	/** A new endpoint at the receiver: the creation answer, with its secret. */
	protected JsonNode createEndpoint(List<String> types) {
		return createEndpoint(receiver.url(), types);
	}

	protected JsonNode createEndpoint(String url, List<String> types) {
		Http.Response created = http().post("/api/v1/admin/webhooks")
			.bearer(admin)
			.json(Map.of("url", url, "eventTypes", types, "description", "test receiver"))
			.send();
		assertThat(created.status()).as(created.toString()).isEqualTo(201);
		return created.json();
	}

	/** Sends a test event to the endpoint; answers its delivery. */
	protected JsonNode sendTest(String endpoint) {
		Http.Response sent = http().post("/api/v1/admin/webhooks/" + endpoint + "/test").bearer(admin).send();
		assertThat(sent.status()).as(sent.toString()).isEqualTo(202);
		return sent.json();
	}

	protected JsonNode delivery(String endpoint, String delivery) {
		Http.Response answer = http().get("/api/v1/admin/webhooks/" + endpoint + "/deliveries/" + delivery)
			.bearer(admin)
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	/** Waits until the delivery has {@code count} attempts recorded, and answers it. */
	protected JsonNode awaitAttempts(String endpoint, String delivery, int count) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql("select attempts from webhook_deliveries where id = cast(? as uuid)")
				.param(delivery)
				.query(Integer.class)
				.single() >= count);
		return delivery(endpoint, delivery);
	}

	protected Instant nextAttemptAt(String delivery) {
		return jdbc.sql("select next_attempt_at from webhook_deliveries where id = cast(? as uuid)")
			.param(delivery)
			.query(Timestamp.class)
			.single()
			.toInstant();
	}

	/** Time passes for the delivery: its next attempt is due now. */
	protected void makeDue(String delivery) {
		jdbc.sql("update webhook_deliveries set next_attempt_at = now() where id = cast(? as uuid)")
			.param(delivery)
			.update();
	}

	protected static Instant databaseNow(JdbcClient jdbc) {
		return jdbc.sql("select now()").query(Timestamp.class).single().toInstant();
	}

}

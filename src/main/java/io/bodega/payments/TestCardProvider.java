package io.bodega.payments;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.bodega.shared.db.NodeSecrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plays the payment provider of the test gateway: a moment after a {@code 4000000000003220} charge went pending, it
 * settles it as succeeded in its own records and sends the signed {@code payment.succeeded} webhook to this server over
 * HTTP, exactly as a real provider would call in, again and again until it is answered with a 2xx (a webhook that
 * overtakes Bodega's record of the charge is refused and must come again). The event id is derived from the charge,
 * so when several nodes send it, it is handled once.
 */
@Component
class TestCardProvider {

	static final String SECRET = "test-card-webhook";
	private static final Logger log = LoggerFactory.getLogger(TestCardProvider.class);

	private final JdbcClient jdbc;
	private final NodeSecrets secrets;
	private final JsonMapper json;
	private final Duration delay;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
	private volatile int port;

	TestCardProvider(JdbcClient jdbc, NodeSecrets secrets, JsonMapper json,
			@Value("${bodega.payments.test-card-delay:2s}") Duration delay) {
		this.jdbc = jdbc;
		this.secrets = secrets;
		this.json = json;
		this.delay = delay;
	}

	@EventListener
	void on(WebServerInitializedEvent event) {
		port = event.getWebServer().getPort();
	}

	@Scheduled(fixedDelayString = "${bodega.payments.test-card-poll:1s}", initialDelayString = "5s")
	void sendDueWebhooks() {
		if (port <= 0) {
			return;
		}
		jdbc.sql("""
				update test_card_charges set status = 'succeeded', webhook_due = true
				where status = 'pending' and created_at < now() - make_interval(secs => ?)""")
			.param((double) delay.toSeconds())
			.update();
		// Like a real provider, it gives up on a webhook after a day of refusals.
		List<String> due = jdbc.sql("""
				select reference from test_card_charges
				where webhook_due and created_at > now() - interval '1 day'
				order by created_at limit 20""")
			.query(String.class)
			.list();
		for (String reference : due) {
			if (send(reference)) {
				jdbc.sql("update test_card_charges set webhook_due = false where reference = ?").param(reference).update();
			}
		}
	}

	/** Answers whether Bodega took the event (a 2xx). */
	private boolean send(String reference) {
		byte[] body = json.writeValueAsBytes(Map.of("id", "evt_" + reference, "type", "payment.succeeded",
				"reference", reference));
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String signature = new String(TestCardWebhooks.sign(secrets.get(SECRET), timestamp, body),
				StandardCharsets.US_ASCII);
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
				+ "/api/v1/payments/webhooks/test_card"))
			.timeout(Duration.ofSeconds(5))
			.header("Content-Type", "application/json")
			.header(TestCardWebhooks.SIGNATURE, "t=" + timestamp + ",v1=" + signature)
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		try {
			HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
			if (answer.statusCode() / 100 != 2) {
				log.warn("Test card webhook for {} answered {}: {}", reference, answer.statusCode(), answer.body());
				return false;
			}
			return true;
		}
		catch (Exception e) {
			log.warn("Test card webhook for {} could not be sent: {}", reference, e.toString());
			if (e instanceof InterruptedException) {
				Thread.currentThread().interrupt();
			}
			return false;
		}
	}
}

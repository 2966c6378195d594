package io.bodega.payments.testcard;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.shared.keys.SecretKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Plays the payment provider of the test gateway: a moment after a
 * {@code 4000000000003220} charge went pending, it settles it as succeeded in its own
 * records and sends the signed {@code payment.succeeded} webhook to this server over
 * HTTP, exactly as a real provider would call in, again and again until it is answered
 * with a 2xx (a webhook that overtakes Bodega's record of the charge is refused and must
 * come again). The event id is derived from the charge, so when several nodes send it, it
 * is handled once.
 */
@Component
@Conditional(TestPayments.class)
class TestCardProvider {

	/** The purpose of the key that signs its webhooks (see {@link SecretKeys}). */
	static final String SIGNING_KEY = "test-card-webhook";

	private static final Logger log = LoggerFactory.getLogger(TestCardProvider.class);

	private final JdbcClient jdbc;

	private final SecretKeys keys;

	private final JsonMapper json;

	private final Duration delay;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private volatile int port;

	TestCardProvider(JdbcClient jdbc, SecretKeys keys, JsonMapper json, TestCardProperties properties) {
		this.jdbc = jdbc;
		this.keys = keys;
		this.json = json;
		this.delay = properties.testCardDelay();
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
		record Due(String reference, UUID payment) {
		}
		List<Due> due = jdbc.sql("""
				select reference, payment_id from test_card_charges
				where webhook_due and created_at > now() - interval '1 day'
				order by created_at limit 20""")
			.query((rs, n) -> new Due(rs.getString(1), rs.getObject(2, UUID.class)))
			.list();
		for (Due charge : due) {
			if (send(charge.reference(), charge.payment())) {
				jdbc.sql("update test_card_charges set webhook_due = false where reference = ?")
					.param(charge.reference())
					.update();
			}
		}
	}

	/**
	 * Answers whether Bodega took the event (a 2xx). Like a real provider's, the event
	 * names the charge and the idempotency key it was made with (Bodega's payment id), so
	 * a payment whose charge outcome Bodega lost is found.
	 */
	private boolean send(String reference, UUID payment) {
		byte[] body = json.writeValueAsBytes(Map.of("id", "evt_" + reference, "type", "payment.succeeded", "reference",
				reference, "payment", payment.toString()));
		String timestamp = Long.toString(Instant.now().getEpochSecond());
		String signature = new String(TestCardWebhooks.sign(keys.key(SIGNING_KEY), timestamp, body),
				StandardCharsets.US_ASCII);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/payments/webhooks/test_card"))
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

package io.bodega.webhooks.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import io.bodega.testing.Http;
import io.bodega.testing.TestMailbox;
import io.bodega.webhooks.Receiver;
import io.bodega.webhooks.WebhookTestSupport;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import io.bodega.testing.ApiDocumentCheck;
import java.nio.charset.StandardCharsets;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

class WebhookDeliveryTests extends WebhookTestSupport {

	@Autowired
	private Deliveries deliveries;

	@Autowired
	private DeliveryWorker worker;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private DeliveryPurge purge;

	@Test
	void deliversASignedTestEventAsStandardWebhooksSays() throws Exception {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String secret = endpoint.path("secret").asString();
		JsonNode delivery = sendTest(endpoint.path("id").asString());

		Receiver.Received received = receiver.await(1).getFirst();

		assertThat(received.header("content-type")).isEqualTo("application/json");
		assertThat(received.header("webhook-id")).isEqualTo(delivery.path("webhookId").asString());
		long timestamp = Long.parseLong(received.header("webhook-timestamp"));
		assertThat(timestamp).isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond() + 1);
		assertThat(received.header("webhook-signature")).matches("v1,[A-Za-z0-9+/]{43}=");
		// Standard Webhooks' own verifier, not Bodega's code, checks the signature
		new Webhook(secret).verify(received.text(), received.headers());
		assertThatThrownBy(() -> new Webhook("whsec_" + Base64.getEncoder().encodeToString(new byte[32]))
			.verify(received.text(), received.headers())).isInstanceOf(WebhookVerificationException.class);
		JsonNode body = received.json();
		assertThat(body.path("type").asString()).isEqualTo("webhook.test");
		assertThat(Instant.parse(body.path("timestamp").asString())).isBefore(Instant.now().plusSeconds(1));
		assertThat(body.path("data").path("endpointId").asString()).isEqualTo(endpoint.path("id").asString());
		assertThat(received.text()).isEqualTo(delivery.path("body").asString());
		ApiDocumentCheck.checkWebhook("http://localhost:" + port, "webhook.test", received.headers(), received.text());

		JsonNode done = awaitStatus(endpoint.path("id").asString(), delivery.path("id").asString(), "succeeded");
		assertThat(done.path("attempts")).hasSize(1);
		assertThat(done.path("attempts").get(0).path("status").asInt()).isEqualTo(200);
		assertThat(done.path("nextAttemptAt").isNull()).isTrue();
	}

	@Test
	void signsWithBothSecretsWhileARotationOverlaps() throws Exception {
		JsonNode endpoint = createEndpoint(List.of("order.paid"));
		String id = endpoint.path("id").asString();
		String oldSecret = endpoint.path("secret").asString();
		Http.Response rotated = http().post("/api/v1/admin/webhooks/" + id + "/rotate-secret").bearer(admin).send();
		assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
		String newSecret = rotated.json().path("secret").asString();
		assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
		assertThat(Instant.parse(rotated.json().path("previousSecretExpiresAt").asString()))
			.isBetween(Instant.now().plus(Duration.ofHours(23)), Instant.now().plus(Duration.ofHours(25)));

		sendTest(id);
		Receiver.Received during = receiver.await(1).getFirst();
		String[] signatures = during.header("webhook-signature").split(" ");
		assertThat(signatures).hasSize(2);
		new Webhook(newSecret).verify(during.text(), during.headers());
		new Webhook(oldSecret).verify(during.text(), during.headers());
		assertThat(signatures[0]).isEqualTo(fromSpec(newSecret, during));
		assertThat(signatures[1]).isEqualTo(fromSpec(oldSecret, during));

		// a day later the old secret stops signing
		jdbc.sql(
				"update webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = cast(? as uuid)")
			.param(id)
			.update();
		sendTest(id);
		Receiver.Received after = receiver.await(2).get(1);
		assertThat(after.header("webhook-signature").split(" ")).hasSize(1);
		new Webhook(newSecret).verify(after.text(), after.headers());
		assertThatThrownBy(() -> new Webhook(oldSecret).verify(after.text(), after.headers()))
			.isInstanceOf(WebhookVerificationException.class);
	}

	@Test
	void goneDisablesTheEndpointAndMailsTheAdmins() {
		int mails = TestMailbox.to(ADMIN_EMAIL).size();
		receiver.answerAll(410);
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		sendTest(id);

		await().atMost(Duration.ofSeconds(20))
			.until(() -> !http().get("/api/v1/admin/webhooks/" + id)
				.bearer(admin)
				.send()
				.json()
				.path("enabled")
				.asBoolean());
		JsonNode disabled = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().json();
		assertThat(disabled.path("disabledReason").asString()).isEqualTo("gone");
		TestMailbox.Mail mail = TestMailbox.awaitLatest(ADMIN_EMAIL, mails + 1);
		assertThat(mail.subject()).contains("Webhook endpoint disabled").contains(receiver.url());
		assertThat(mail.body()).contains("410");
		Http.Response test = http().post("/api/v1/admin/webhooks/" + id + "/test").bearer(admin).send();
		assertThat(test.status()).isEqualTo(409);
		assertThat(test.code()).isEqualTo("invalid_state");
	}

	@Test
	void retryAfterOfA503OrA429PostponesTheNextAttempt() {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();

		receiver.answer(request -> new Receiver.Answer(503, Map.of("Retry-After", "120"), "busy"));
		JsonNode seconds = sendTest(id);
		JsonNode first = awaitAttempts(id, seconds.path("id").asString(), 1);
		Instant attempted = Instant.parse(first.path("attempts").get(0).path("at").asString());
		assertThat(first.path("attempts").get(0).path("status").asInt()).isEqualTo(503);
		assertThat(first.path("attempts").get(0).path("response").asString()).isEqualTo("busy");
		assertThat(nextAttemptAt(seconds.path("id").asString())).isAfterOrEqualTo(attempted.plusSeconds(120))
			.isBefore(databaseNow(jdbc).plusSeconds(125));

		Instant later = Instant.now().plus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
		String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(later.atOffset(ZoneOffset.UTC));
		receiver.answer(request -> new Receiver.Answer(429, Map.of("Retry-After", date), ""));
		JsonNode dated = sendTest(id);
		awaitAttempts(id, dated.path("id").asString(), 1);
		assertThat(nextAttemptAt(dated.path("id").asString())).isAfterOrEqualTo(later).isBefore(later.plusSeconds(60));

		receiver.answer(request -> new Receiver.Answer(429, Map.of("Retry-After", "31536000"), ""));
		JsonNode capped = sendTest(id);
		awaitAttempts(id, capped.path("id").asString(), 1);
		assertThat(nextAttemptAt(capped.path("id").asString()))
			.isAfterOrEqualTo(databaseNow(jdbc).plus(Duration.ofHours(24)).minusSeconds(30))
			.isBefore(databaseNow(jdbc).plus(Duration.ofHours(24)).plusSeconds(5));
	}

	@Test
	void retriesOnTheScheduleWithTheSameMessageThenFailsForGood() {
		receiver.answerAll(500);
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();

		for (int failures = 1; failures <= RetrySchedule.PAUSES.size(); failures++) {
			JsonNode state = awaitAttempts(id, delivery, failures);
			Instant attempted = Instant.parse(state.path("attempts").get(failures - 1).path("at").asString());
			Duration pause = RetrySchedule.PAUSES.get(failures - 1);
			assertThat(state.path("status").asString()).isEqualTo("pending");
			assertThat(nextAttemptAt(delivery)).as("after failure " + failures)
				.isAfterOrEqualTo(attempted.plus(pause))
				.isBeforeOrEqualTo(databaseNow(jdbc).plus(pause).plus(pause.dividedBy(10)).plusSeconds(1));
			makeDue(delivery);
		}
		JsonNode failed = awaitStatus(id, delivery, "failed");
		assertThat(failed.path("attemptCount").asInt()).isEqualTo(10);
		assertThat(failed.path("nextAttemptAt").isNull()).isTrue();
		List<Receiver.Received> received = receiver.received();
		assertThat(received).hasSize(10);
		assertThat(received.stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
		assertThat(received.stream().map(Receiver.Received::text).distinct()).hasSize(1);
		assertThat(received.stream().map(r -> r.header("webhook-timestamp")).distinct().count()).isGreaterThan(1);
	}

	@Test
	void aReplayResendsTheSameMessageUnderTheSameId() {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitStatus(id, delivery, "succeeded");

		Http.Response replayed = http().post("/api/v1/admin/webhooks/" + id + "/deliveries/" + delivery + "/replay")
			.bearer(admin)
			.send();

		assertThat(replayed.status()).as(replayed.toString()).isEqualTo(202);
		List<Receiver.Received> received = receiver.await(2);
		assertThat(received.get(1).header("webhook-id")).isEqualTo(received.get(0).header("webhook-id"));
		assertThat(received.get(1).text()).isEqualTo(received.get(0).text());
		JsonNode done = awaitAttempts(id, delivery, 2);
		assertThat(done.path("status").asString()).isEqualTo("succeeded");
		assertThat(done.path("attempts")).hasSize(2);
	}

	@Test
	void aRedirectIsAFailureAndIsNotFollowed() {
		receiver.answer(request -> new Receiver.Answer(307, Map.of("Location", receiver.url() + "/elsewhere"), ""));
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();

		JsonNode state = awaitAttempts(id, delivery, 1);

		assertThat(state.path("status").asString()).isEqualTo("pending");
		assertThat(state.path("attempts").get(0).path("status").asInt()).isEqualTo(307);
		assertThat(receiver.received()).hasSize(1);
	}

	@Test
	void anAddressThatTurnedInternalFailsTheAttemptWithAClearError() {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		// as if its name now resolved to the cloud's metadata service: the address is
		// checked again before sending
		jdbc.sql("update webhook_endpoints set url = 'https://169.254.169.254/latest' where id = cast(? as uuid)")
			.param(id)
			.update();
		String delivery = sendTest(id).path("id").asString();

		JsonNode state = awaitAttempts(id, delivery, 1);

		assertThat(state.path("attempts").get(0).path("status").isNull()).isTrue();
		assertThat(state.path("attempts").get(0).path("error").asString()).startsWith("Refused: the URL")
			.contains("169.254.169.254");
	}

	@Test
	void aClaimAbandonedByADeadNodeIsSentAgainAfterItsLease() {
		receiver.answerAll(500);
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitAttempts(id, delivery, 1);
		receiver.answerAll(200);

		// a node claims it and dies before sending: made due and claimed in one
		// transaction, so no live node gets it
		List<Deliveries.Claimed> claimed = tx.execute(status -> {
			makeDue(delivery);
			return deliveries.claim(10, UUID.fromString(id));
		});
		assertThat(claimed).extracting(c -> c.id().toString()).containsExactly(delivery);
		assertThat(nextAttemptAt(delivery)).isAfter(databaseNow(jdbc).plusSeconds(50));
		assertThat(receiver.received()).hasSize(1);

		// the lease runs out
		makeDue(delivery);
		JsonNode state = awaitStatus(id, delivery, "succeeded");

		assertThat(state.path("attemptCount").asInt()).isEqualTo(2);
		List<Receiver.Received> received = receiver.received();
		assertThat(received).hasSize(2);
		assertThat(received.get(1).header("webhook-id")).isEqualTo(received.get(0).header("webhook-id"));
	}

	@Test
	void claimersRacingOnManyNodesSendEachDeliveryOnce() throws Exception {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		int count = 30;
		// made while not due, then all due at once with three more "nodes" claiming
		// beside this node's worker
		List<String> made = tx.execute(status -> {
			List<String> ids = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				UUID delivery = UUID.randomUUID();
				deliveries.insert(UUID.fromString(id), null, "msg_race_" + delivery, "webhook.test",
						"webhook.test:" + delivery, "{\"type\":\"webhook.test\",\"n\":" + i + "}", delivery);
				ids.add(delivery.toString());
			}
			jdbc.sql("update webhook_deliveries set next_attempt_at = now() + interval '1 hour' where endpoint_id = "
					+ "cast(? as uuid)")
				.param(id)
				.update();
			return ids;
		});
		CountDownLatch start = new CountDownLatch(1);
		Set<UUID> claimedTwice = ConcurrentHashMap.newKeySet();
		Set<UUID> claimedOnce = ConcurrentHashMap.newKeySet();
		ExecutorService nodes = Executors.newFixedThreadPool(3);
		List<Future<?>> running = new ArrayList<>();
		for (int n = 0; n < 3; n++) {
			running.add(nodes.submit(() -> {
				start.await();
				long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
				while (System.nanoTime() < until) {
					for (Deliveries.Claimed claimed : deliveries.claim(3, UUID.fromString(id))) {
						if (!claimedOnce.add(claimed.id())) {
							claimedTwice.add(claimed.id());
						}
						worker.deliver(claimed);
					}
				}
				return null;
			}));
		}
		start.countDown();
		jdbc.sql("update webhook_deliveries set next_attempt_at = now() where endpoint_id = cast(? as uuid)")
			.param(id)
			.update();
		for (Future<?> node : running) {
			node.get(30, TimeUnit.SECONDS);
		}
		nodes.shutdown();

		await().atMost(Duration.ofSeconds(20))
			.until(() -> jdbc.sql(
					"select count(*) from webhook_deliveries where endpoint_id = cast(? as uuid) and status = 'succeeded'")
				.param(id)
				.query(Integer.class)
				.single() == count);
		assertThat(claimedTwice).isEmpty();
		assertThat(receiver.received()).hasSize(count);
		assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(count);
		assertThat(jdbc
			.sql("select count(*) from webhook_attempts a join webhook_deliveries d on d.id = a.delivery_id "
					+ "where d.endpoint_id = cast(? as uuid)")
			.param(id)
			.query(Integer.class)
			.single()).isEqualTo(count);
		assertThat(made).hasSize(count);
	}

	@Test
	void anEndpointFailingForDaysIsDisabledAndTheAdminsAreMailed() {
		int mails = TestMailbox.to(ADMIN_EMAIL).size();
		receiver.answerAll(500);
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitAttempts(id, delivery, 1);
		JsonNode failing = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().json();
		assertThat(failing.path("enabled").asBoolean()).isTrue();
		assertThat(failing.path("failingSince").isNull()).isFalse();

		// the first failure was six days ago (BODEGA_WEBHOOK_DISABLE_AFTER is 5 days)
		jdbc.sql("update webhook_endpoints set failing_since = now() - interval '6 days' where id = cast(? as uuid)")
			.param(id)
			.update();
		makeDue(delivery);
		awaitAttempts(id, delivery, 2);

		JsonNode disabled = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().json();
		assertThat(disabled.path("enabled").asBoolean()).isFalse();
		assertThat(disabled.path("disabledReason").asString()).isEqualTo("failing");
		TestMailbox.Mail mail = TestMailbox.awaitLatest(ADMIN_EMAIL, mails + 1);
		assertThat(mail.subject()).contains(receiver.url());
		assertThat(mail.body()).contains("5 days");
		// nothing more is sent to a disabled endpoint, even when due
		makeDue(delivery);
		await().during(Duration.ofSeconds(2))
			.atMost(Duration.ofSeconds(3))
			.until(() -> receiver.received().size() == 2);
	}

	@Test
	void aSuccessEndsTheFailingStreak() {
		receiver.answer(request -> Receiver.Answer.of(500));
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitAttempts(id, delivery, 1);
		jdbc.sql("update webhook_endpoints set failing_since = now() - interval '4 days' where id = cast(? as uuid)")
			.param(id)
			.update();
		receiver.answerAll(204);
		makeDue(delivery);
		awaitStatus(id, delivery, "succeeded");

		JsonNode healthy = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().json();
		assertThat(healthy.path("failingSince").isNull()).isTrue();
		assertThat(healthy.path("enabled").asBoolean()).isTrue();
	}

	@Test
	void finishedDeliveriesAreDeletedAfterTheirKeepButPendingOnesStay() {
		JsonNode endpoint = createEndpoint(List.of("order.placed"));
		String id = endpoint.path("id").asString();
		String old = sendTest(id).path("id").asString();
		String recent = sendTest(id).path("id").asString();
		awaitStatus(id, old, "succeeded");
		awaitStatus(id, recent, "succeeded");
		receiver.answerAll(500);
		String pending = sendTest(id).path("id").asString();
		awaitAttempts(id, pending, 1);
		jdbc.sql("update webhook_deliveries set completed_at = now() - interval '31 days', "
				+ "created_at = now() - interval '31 days' where id = cast(? as uuid)")
			.param(old)
			.update();
		jdbc.sql("update webhook_deliveries set created_at = now() - interval '40 days' where id = cast(? as uuid)")
			.param(pending)
			.update();

		purge.purge();

		assertThat(http().get("/api/v1/admin/webhooks/" + id + "/deliveries/" + old).bearer(admin).send().status())
			.isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from webhook_attempts where delivery_id = cast(? as uuid)")
			.param(old)
			.query(Integer.class)
			.single()).isZero();
		assertThat(delivery(id, recent).path("status").asString()).isEqualTo("succeeded");
		assertThat(delivery(id, pending).path("status").asString()).isEqualTo("pending");
	}

	@Test
	void aSecretSealedForAnotherEndpointSignsNothing() {
		String first = createEndpoint(List.of("order.placed")).path("id").asString();
		String second = createEndpoint(List.of("order.placed")).path("id").asString();
		// a sealed secret moved to another row (or a database restored under another
		// BODEGA_SECRET_KEY)
		jdbc.sql(
				"update webhook_endpoints set secret = (select secret from webhook_endpoints where id = cast(? as uuid)) "
						+ "where id = cast(? as uuid)")
			.param(first)
			.param(second)
			.update();
		String delivery = sendTest(second).path("id").asString();

		JsonNode state = awaitAttempts(second, delivery, 1);

		assertThat(state.path("attempts").get(0).path("error").asString())
			.startsWith("Not sent: the endpoint's secret");
		assertThat(state.path("status").asString()).isEqualTo("pending");
		assertThat(receiver.received()).isEmpty();
	}

	private JsonNode awaitStatus(String endpoint, String delivery, String status) {
		await().atMost(Duration.ofSeconds(20))
			.until(() -> status.equals(delivery(endpoint, delivery).path("status").asString()));
		return delivery(endpoint, delivery);
	}

	/**
	 * The signature computed straight from the specification, as a receiver without a
	 * library would.
	 */
	private static String fromSpec(String secret, Receiver.Received received) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		String signed = received.header("webhook-id") + "." + received.header("webhook-timestamp") + "."
				+ received.text();
		return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

}

package io.bodega.webhooks.delivery;

import java.net.InetAddress;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.bodega.events.LoggedEvent;
import io.bodega.testing.Http;
import io.bodega.webhooks.Receiver;
import io.bodega.webhooks.WebhookTestSupport;
import io.bodega.webhooks.endpoints.AddressPolicy;
import io.bodega.webhooks.endpoints.SecretBox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * An endpoint's life beside its deliveries: disabling and enabling, slow endpoints, lost
 * leases, rotations.
 */
class WebhookEndpointStateTests extends WebhookTestSupport {

	@Autowired
	private Deliveries deliveries;

	@Autowired
	private DeliveryOutcomes outcomes;

	@Autowired
	private WebhookSender sender;

	@Autowired
	private FanOut fanOut;

	@Autowired
	private TransactionTemplate tx;

	@Autowired
	private SecretBox secrets;

	@Autowired
	private WebhookProperties properties;

	@Test
	void aReEnabledEndpointGetsTheEventsThatHappenedWhileItWasDisabled() {
		String id = createEndpoint(List.of("customer.created")).path("id").asString();
		assertThat(http().post("/api/v1/admin/webhooks/" + id + "/disable").bearer(admin).send().status())
			.isEqualTo(200);
		String email = uniqueEmail();
		register(email);
		// the fan-out has run meanwhile and passed the disabled endpoint by
		await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> receiver.received().isEmpty());

		assertThat(http().post("/api/v1/admin/webhooks/" + id + "/enable").bearer(admin).send().status())
			.isEqualTo(200);

		List<Receiver.Received> received = receiver.await(1);
		assertThat(received.getFirst().json().path("type").asString()).isEqualTo("customer.created");
		assertThat(received.getFirst().json().path("data").path("email").asString()).isEqualTo(email);
	}

	@Test
	void aDisabledEndpointsPendingDeliveriesAreParkedUntilItIsEnabled() {
		receiver.answerAll(500);
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitAttempts(id, delivery, 1);

		http().post("/api/v1/admin/webhooks/" + id + "/disable").bearer(admin).send();
		assertThat(nextAttemptText(delivery)).isEqualTo("infinity");

		receiver.answerAll(200);
		http().post("/api/v1/admin/webhooks/" + id + "/enable").bearer(admin).send();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> "succeeded".equals(delivery(id, delivery).path("status").asString()));
	}

	@Test
	void laterDeliveriesOfASubjectAreNotDueWhileAnEarlierOneWaitsForItsRetry() {
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		UUID endpoint = UUID.fromString(id);
		String subject = "order:" + UUID.randomUUID();
		long event = System.nanoTime();
		List<String> webhookIds = List.of("evt_" + event, "evt_" + (event + 1), "evt_" + (event + 2));
		receiver.answer(
				request -> Receiver.Answer.of(webhookIds.getFirst().equals(request.header("webhook-id")) ? 500 : 200));
		UUID first = UUID.randomUUID();
		tx.executeWithoutResult(status -> {
			for (int i = 0; i < 3; i++) {
				deliveries.insert(endpoint, event + i, webhookIds.get(i), "order.placed", subject,
						"{\"type\":\"order.placed\",\"n\":" + i + "}", i == 0 ? first : UUID.randomUUID());
			}
		});
		awaitAttempts(id, first.toString(), 1);

		Instant retry = nextAttemptAt(first.toString());
		List<Timestamp> later = jdbc
			.sql("select next_attempt_at from webhook_deliveries where endpoint_id = ? "
					+ "and id <> ? order by event_id")
			.param(endpoint)
			.param(first)
			.query(Timestamp.class)
			.list();
		assertThat(later).hasSize(2).allSatisfy(due -> assertThat(due.toInstant()).isAfterOrEqualTo(retry));
		assertThat(receiver.received()).hasSize(1);

		// the earlier one succeeds: the later ones follow at once, in order
		receiver.answerAll(200);
		makeDue(first.toString());
		List<Receiver.Received> received = receiver.await(4);
		assertThat(received).extracting(r -> r.header("webhook-id"))
			.containsExactly(webhookIds.get(0), webhookIds.get(0), webhookIds.get(1), webhookIds.get(2));
	}

	@Test
	void aHangingEndpointDoesNotHoldUpTheOthers() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		AtomicInteger hanging = new AtomicInteger();
		AtomicInteger mostAtOnce = new AtomicInteger();
		Receiver slow = Receiver.start();
		slow.answer(request -> {
			mostAtOnce.accumulateAndGet(hanging.incrementAndGet(), Math::max);
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			hanging.decrementAndGet();
			return Receiver.Answer.of(200);
		});
		try {
			UUID slowEndpoint = UUID
				.fromString(createEndpoint(slow.url(), List.of("order.placed")).path("id").asString());
			// more than a node's parallel sends (16)
			tx.executeWithoutResult(status -> {
				for (int i = 0; i < 24; i++) {
					UUID delivery = UUID.randomUUID();
					deliveries.insert(slowEndpoint, null, "msg_slow_" + i, "webhook.test", "webhook.test:" + delivery,
							"{\"type\":\"webhook.test\"}", delivery);
				}
			});
			await().atMost(Duration.ofSeconds(10)).until(() -> hanging.get() >= Deliveries.IN_FLIGHT_PER_ENDPOINT);

			String healthy = createEndpoint(List.of("order.placed")).path("id").asString();
			sendTest(healthy);

			await().atMost(Duration.ofSeconds(8)).until(() -> receiver.received().size() == 1);
			assertThat(mostAtOnce.get()).isEqualTo(Deliveries.IN_FLIGHT_PER_ENDPOINT);

			release.countDown();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> jdbc
					.sql("select count(*) from webhook_deliveries " + "where endpoint_id = ? and status = 'succeeded'")
					.param(slowEndpoint)
					.query(Integer.class)
					.single() == 24);
			assertThat(mostAtOnce.get()).isEqualTo(Deliveries.IN_FLIGHT_PER_ENDPOINT);
		}
		finally {
			release.countDown();
			slow.close();
		}
	}

	@Test
	void anOutcomeRecordedAfterTheLeaseWasLostLeavesTheEndpointsHealthAloneUnlessItIsGone() {
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		UUID endpoint = UUID.fromString(id);
		Deliveries.Claimed claimed = tx.execute(status -> {
			UUID delivery = UUID.randomUUID();
			deliveries.insert(endpoint, null, "msg_lost_" + delivery, "webhook.test", "webhook.test:" + delivery,
					"{\"type\":\"webhook.test\"}", delivery);
			return deliveries.claim(10, endpoint).getFirst();
		});
		// the lease ran out and another node claimed the delivery
		jdbc.sql("update webhook_deliveries set lease = gen_random_uuid() where id = ?").param(claimed.id()).update();

		EndpointHealth.Change change = outcomes.record(claimed,
				new WebhookSender.Outcome(Instant.now(), 500, 10, "oops", null, null));

		assertThat(change).isEqualTo(EndpointHealth.Change.NONE);
		JsonNode after = http().get("/api/v1/admin/webhooks/" + id).bearer(admin).send().json();
		assertThat(after.path("failingSince").isNull()).as(after.toString()).isTrue();
		assertThat(jdbc.sql("select count(*) from webhook_attempts where delivery_id = ?")
			.param(claimed.id())
			.query(Integer.class)
			.single()).isEqualTo(1);
		assertThat(jdbc.sql("select failures from webhook_deliveries where id = ?")
			.param(claimed.id())
			.query(Integer.class)
			.single()).isZero();

		// a 410 is the receiver's word, whoever heard it
		assertThat(outcomes.record(claimed, new WebhookSender.Outcome(Instant.now(), 410, 10, "", null, null)))
			.isEqualTo(EndpointHealth.Change.DISABLED_GONE);
		assertThat(http().get("/api/v1/admin/webhooks/" + id)
			.bearer(admin)
			.send()
			.json()
			.path("disabledReason")
			.asString()).isEqualTo("gone");
	}

	@Test
	void aSecondRotationWithinTheOverlapIsRefusedNamingWhenItEnds() {
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		Http.Response first = http().post("/api/v1/admin/webhooks/" + id + "/rotate-secret").bearer(admin).send();
		assertThat(first.status()).isEqualTo(200);
		Instant until = Instant.parse(first.json().path("previousSecretExpiresAt").asString());

		Http.Response second = http().post("/api/v1/admin/webhooks/" + id + "/rotate-secret").bearer(admin).send();

		assertThat(second.status()).as(second.toString()).isEqualTo(409);
		assertThat(second.code()).isEqualTo("invalid_state");
		assertThat(second.json().path("detail").asString()).contains(until.truncatedTo(ChronoUnit.SECONDS).toString());
		// once the overlap is over, a rotation is fine again
		jdbc.sql("update webhook_endpoints set previous_secret_until = now() - interval '1 second' where id = ?")
			.param(UUID.fromString(id))
			.update();
		assertThat(http().post("/api/v1/admin/webhooks/" + id + "/rotate-secret").bearer(admin).send().status())
			.isEqualTo(200);
	}

	@Test
	void aReplayStartsTheRetrySchedulesFailuresAfresh() {
		receiver.answerAll(500);
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		String delivery = sendTest(id).path("id").asString();
		awaitAttempts(id, delivery, 1);
		makeDue(delivery);
		awaitAttempts(id, delivery, 2);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> failures(delivery) == 2 && delivery(id, delivery).path("status").asString().equals("pending"));
		receiver.answerAll(200);

		Http.Response replayed = http().post("/api/v1/admin/webhooks/" + id + "/deliveries/" + delivery + "/replay")
			.bearer(admin)
			.send();

		assertThat(replayed.status()).as(replayed.toString()).isEqualTo(202);
		assertThat(failures(delivery)).isZero();
	}

	@Test
	void theUrlIsLookedUpBeforeTheEndpointIsLocked() {
		String id = createEndpoint(List.of("order.placed")).path("id").asString();
		AtomicReference<String> seen = new AtomicReference<>();
		AddressPolicy.Resolver previous = sender.policy().resolver(host -> {
			if (host.equals("lock-check.test")) {
				try {
					jdbc.sql("select id from webhook_endpoints where id = ? for update nowait")
						.param(UUID.fromString(id))
						.query(UUID.class)
						.list();
					seen.set("free");
				}
				catch (RuntimeException locked) {
					seen.set("locked");
				}
				return new InetAddress[] { InetAddress.ofLiteral("127.0.0.1") };
			}
			return InetAddress.getAllByName(host);
		});
		try {
			Http.Response updated = http().patch("/api/v1/admin/webhooks/" + id)
				.bearer(admin)
				.json(Map.of("url", "http://lock-check.test:9/hook"))
				.send();
			assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
			assertThat(seen).hasValue("free");
		}
		finally {
			sender.policy().resolver(previous);
		}
	}

	@Test
	void refusesPortsOutsideTheirRangeNamingTheUrl() {
		for (String url : List.of("http://127.0.0.1:0/hook", "http://127.0.0.1:65536/hook", "https://[::1]:99999/")) {
			Http.Response refused = http().post("/api/v1/admin/webhooks")
				.bearer(admin)
				.json(Map.of("url", url, "eventTypes", List.of("order.placed")))
				.send();
			assertThat(refused.status()).as(url + " " + refused).isEqualTo(400);
			assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("url");
			assertThat(refused.json().path("errors").get(0).path("message").asString()).contains("1 and 65535");
		}
	}

	@Test
	void anEventWhoseDataHasASequenceFieldFailsLoudly() {
		LoggedEvent clash = new LoggedEvent(1, "order.placed", "order:x", 3, null, null, null,
				"{\"id\":\"x\",\"sequence\":7}", Instant.now());
		assertThatThrownBy(() -> fanOut.body(clash)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("sequence");
		LoggedEvent plain = new LoggedEvent(1, "order.placed", "order:x", 3, null, null, null, "{\"id\":\"x\"}",
				Instant.now());
		assertThat(fanOut.body(plain)).contains("\"sequence\":3");
	}

	@Test
	void aStoppingNodeWaitsForItsSendsInFlightToBeRecorded() throws Exception {
		receiver.answer(request -> {
			// A slow receiver, not a wait: the send must still be in flight when the node
			// stops.
			try {
				Thread.sleep(1500);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return Receiver.Answer.of(200);
		});
		UUID endpoint = UUID.fromString(createEndpoint(List.of("order.placed")).path("id").asString());
		Deliveries.Claimed claimed = tx.execute(status -> {
			UUID delivery = UUID.randomUUID();
			deliveries.insert(endpoint, null, "msg_stop_" + delivery, "webhook.test", "webhook.test:" + delivery,
					"{\"type\":\"webhook.test\"}", delivery);
			return deliveries.claim(10, endpoint).getFirst();
		});
		// a node of its own, so that stopping it leaves this test server's worker running
		DeliveryWorker node = new DeliveryWorker(deliveries, outcomes, sender, secrets, properties);
		node.start(claimed);
		receiver.await(1);

		node.destroy();

		assertThat(jdbc.sql("select status from webhook_deliveries where id = ?")
			.param(claimed.id())
			.query(String.class)
			.single()).isEqualTo("succeeded");
	}

	private int failures(String delivery) {
		return jdbc.sql("select failures from webhook_deliveries where id = cast(? as uuid)")
			.param(delivery)
			.query(Integer.class)
			.single();
	}

	private String nextAttemptText(String delivery) {
		return jdbc.sql("select next_attempt_at::text from webhook_deliveries where id = cast(? as uuid)")
			.param(delivery)
			.query(String.class)
			.single();
	}

}

package io.bodega.payments;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.payments.testcard.SignedWebhooks;
import io.bodega.shared.keys.SecretKeys;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import com.zaxxer.hikari.HikariDataSource;
import io.bodega.shared.Hashes;
import io.bodega.shared.web.Idempotency;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

class PaymentTests extends OrderTest {

	@Autowired
	Inventory inventory;

	@Autowired
	SecretKeys keys;

	private String orderId;

	private String token;

	PaymentTests() {
		super("Paid", 3000);
	}

	@BeforeEach
	void placeOrder() {
		JsonNode order = placeGuestOrder(sku, 2, "payer@example.com");
		orderId = order.path("id").asString();
		token = order.path("orderToken").asString();
	}

	@Test
	void aGoodCardPaysTheOrderAndCommitsItsStock() {
		Http.Response answer = pay(UUID.randomUUID().toString(), "4242424242424242");

		assertThat(answer.status()).isEqualTo(201);
		assertThat(answer.json().path("status").asString()).isEqualTo("succeeded");
		assertThat(answer.json().path("id").asString()).isNotBlank();
		assertThat(answer.json().path("amount").path("amount").asLong()).isEqualTo(6000 + 1140);
		assertThat(order().path("status").asString()).isEqualTo("paid");
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 8, 0, 8));

		Http.Response again = pay(UUID.randomUUID().toString(), "4242424242424242");
		assertThat(again.status()).as("never charged twice").isEqualTo(409);
		assertThat(again.code()).isEqualTo("invalid_state");
	}

	@Test
	void aDeclinedCardFailsAndTheOrderWaitsForAnother() {
		Http.Response declined = pay(UUID.randomUUID().toString(), "4000000000000002");

		assertThat(declined.status()).isEqualTo(201);
		assertThat(declined.json().path("status").asString()).isEqualTo("failed");
		assertThat(declined.json().path("failureReason").asString()).isEqualTo("card_declined");
		assertThat(order().path("status").asString()).isEqualTo("pending_payment");
		assertThat(inventory.level(sku).orElseThrow().reserved()).isEqualTo(2);

		assertThat(pay(UUID.randomUUID().toString(), "4242424242424242").json().path("status").asString())
			.isEqualTo("succeeded");
	}

	@Test
	void theAsynchronousCardCompletesThroughTheSignedWebhook() throws Exception {
		Http.Response pending = pay(UUID.randomUUID().toString(), "4000000000003220");

		assertThat(pending.json().path("status").asString()).isEqualTo("pending");
		assertThat(pay(UUID.randomUUID().toString(), "4242424242424242").status()).as("one payment at a time")
			.isEqualTo(409);
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(order().path("status").asString()).isEqualTo("paid"));
		assertThat(jdbc.sql("select count(*) from payment_webhook_events where event_id like 'evt_tc_%'")
			.query(Long.class)
			.single()).isPositive();
	}

	@Test
	void webhooksMustBeSignedFreshAndAreHandledOnce() {
		String reference = jdbc.sql("select 'tc_manual_' || substr(md5(random()::text), 1, 12)")
			.query(String.class)
			.single();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref)
				values (gen_random_uuid(), ?::uuid, 'test_card', 'pending', 7140, 'EUR', ?)""")
			.params(orderId, "x" + reference)
			.update();
		byte[] event = SignedWebhooks.succeeded("evt_" + reference, "x" + reference);
		long now = Instant.now().getEpochSecond();

		Http.Response unsigned = webhook(event, null);
		Http.Response forged = webhook(event, "t=" + now + ",v1=" + "0".repeat(64));
		Http.Response stale = webhook(event, signature(event, now - 301));
		for (Http.Response refused : List.of(unsigned, forged, stale)) {
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("invalid_signature");
		}
		assertThat(order().path("status").asString()).isEqualTo("pending_payment");

		Http.Response first = webhook(event, signature(event, now));
		Http.Response replay = webhook(event, signature(event, now));

		assertThat(first.status()).isEqualTo(200);
		assertThat(first.json().path("duplicate").asBoolean()).isFalse();
		assertThat(replay.json().path("duplicate").asBoolean()).isTrue();
		assertThat(order().path("status").asString()).isEqualTo("paid");
	}

	@Test
	void paymentsAreIdempotentAndNeedAKey() {
		String key = UUID.randomUUID().toString();
		Http.Response first = pay(key, "4242424242424242");
		Http.Response replay = pay(key, "4242424242424242");
		Http.Response other = pay(key, "4000000000000002");
		Http.Response noKey = http().post("/api/v1/orders/" + orderId + "/payments?token=" + token)
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();

		assertThat(replay.raw()).isEqualTo(first.raw());
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.code()).isEqualTo("idempotency_key_reused");
		assertThat(noKey.code()).isEqualTo("idempotency_key_required");
		assertThat(jdbc.sql("select count(*) from payments where order_id = ?::uuid")
			.param(orderId)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void onlyAReplayedPaymentCarriesIdempotentReplayed() {
		String key = UUID.randomUUID().toString();

		Http.Response first = pay(key, "4000000000000002");
		Http.Response replay = pay(key, "4000000000000002");

		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEmpty();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.raw()).isEqualTo(first.raw());
		assertThat(pay(UUID.randomUUID().toString(), "4242424242424242").header("Idempotent-Replayed")).as("a new key")
			.isEmpty();
	}

	@Test
	void twoPaymentsRacingForOneOrderChargeItOnce() throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Http.Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
			for (int i = 0; i < 8; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return pay(UUID.randomUUID().toString(), "4242424242424242");
				}));
			}
			start.countDown();
			int succeeded = 0;
			for (Future<Http.Response> answer : answers) {
				Http.Response response = answer.get();
				assertThat(response.status()).as(response.toString()).isIn(201, 409);
				succeeded += response.status() == 201 ? 1 : 0;
			}
			assertThat(succeeded).isEqualTo(1);
		}
		assertThat(jdbc.sql("select count(*) from payments where order_id = ?::uuid and status = 'succeeded'")
			.param(orderId)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 8, 0, 8));
	}

	@Test
	void anOrderCancelledWhileAPaymentWaitsIsNeverCharged() throws Exception {
		int before = CountingCardGateway.CHARGES.get();
		try (ExecutorService pool = Executors.newSingleThreadExecutor(); Connection holder = unpooledConnection()) {
			holder.setAutoCommit(false);
			try (var lock = holder.prepareStatement("select id from orders where id = ?::uuid for update")) {
				lock.setString(1, orderId);
				lock.executeQuery().close();
			}
			Future<Http.Response> payment = pool.submit(() -> pay(UUID.randomUUID().toString(),
					Map.of("method", "counting_card", "cardNumber", "4242424242424242")));
			awaitLockWaits("", 1, payment::isDone);
			try (var cancel = holder.prepareStatement("update orders set status = 'cancelled' where id = ?::uuid")) {
				cancel.setString(1, orderId);
				cancel.executeUpdate();
			}
			holder.commit();

			Http.Response answer = payment.get();
			assertThat(answer.status()).isEqualTo(409);
			assertThat(answer.code()).isEqualTo("invalid_state");
		}
		assertThat(CountingCardGateway.CHARGES.get() - before).as("the card was never charged").isZero();
	}

	@Test
	void aFailureAfterTheChargeLeavesAPendingPaymentThatReconciliationCompletes() {
		int before = CountingCardGateway.CHARGES.get();
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("method", "counting_card", "cardNumber", "4242424242424242");
		FailingOrderPaid.ORDERS.add(UUID.fromString(orderId));
		try {
			Http.Response failed = pay(key, body);
			assertThat(failed.status()).as(failed.toString()).isEqualTo(500);
			assertThat(jdbc.sql("select status from payments where order_id = ?::uuid")
				.param(orderId)
				.query(String.class)
				.single()).as("the charge's payment was recorded before the charge").isEqualTo("pending");

			Http.Response retry = pay(key, body);
			assertThat(retry.status()).as("the retry finds the payment: " + retry).isEqualTo(409);
			assertThat(retry.code()).isEqualTo("invalid_state");
		}
		finally {
			FailingOrderPaid.ORDERS.remove(UUID.fromString(orderId));
		}

		assertThat(awaitOrder("paid")).isEqualTo("paid");
		List<JsonNode> attempts = payments();
		assertThat(attempts).hasSize(1);
		assertThat(attempts.getFirst().path("status").asString()).isEqualTo("succeeded");
		assertThat(CountingCardGateway.CHARGES.get() - before).as("charged once, retry and reconciliation included")
			.isEqualTo(1);
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 8, 0, 8));
	}

	@Test
	void aWebhookForAChargeNotYetRecordedIsRefusedAndHandledWhenSentAgain() {
		String reference = "tc_early_" + UUID.randomUUID();
		byte[] event = SignedWebhooks.succeeded("evt_" + reference, reference);

		Http.Response early = webhook(event, signature(event, Instant.now().getEpochSecond()));

		assertThat(early.status()).as("the provider must send it again").isEqualTo(409);
		assertThat(early.code()).isEqualTo("unknown_charge");
		assertThat(jdbc.sql("select count(*) from payment_webhook_events where event_id = ?")
			.param("evt_" + reference)
			.query(Long.class)
			.single()).as("not recorded as handled").isZero();

		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref)
				values (gen_random_uuid(), ?::uuid, 'test_card', 'pending', 7140, 'EUR', ?)""")
			.params(orderId, reference)
			.update();
		Http.Response again = webhook(event, signature(event, Instant.now().getEpochSecond()));

		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().path("duplicate").asBoolean()).isFalse();
		assertThat(order().path("status").asString()).isEqualTo("paid");
		assertThat(payments().getFirst().path("status").asString()).isEqualTo("succeeded");
	}

	@Test
	void aGuestsIdempotencyKeyNeverAnswersWithoutTheOrderToken() {
		String key = UUID.randomUUID().toString();
		assertThat(pay(key, "4242424242424242").status()).isEqualTo(201);

		Http.Response stranger = http().post("/api/v1/orders/" + orderId + "/payments?token=forged")
			.header("Idempotency-Key", key)
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();

		assertThat(stranger.status()).as("no replay of someone else's payment").isEqualTo(404);
	}

	@Test
	void namesBadPaymentsAndHidesOtherPeoplesOrders() {
		assertThat(
				fields(pay(UUID.randomUUID().toString(), Map.of("method", "cash", "cardNumber", "4242424242424242"))))
			.containsExactly("method");
		assertThat(fields(pay(UUID.randomUUID().toString(), Map.of("method", "test_card", "cardNumber", "42"))))
			.containsExactly("cardNumber");
		assertThat(fields(pay(UUID.randomUUID().toString(), "4111111111111111"))).containsExactly("cardNumber");
		assertThat(fields(pay(UUID.randomUUID().toString(), Map.of()))).containsExactlyInAnyOrder("method",
				"cardNumber");
		Http.Response stranger = http().post("/api/v1/orders/" + orderId + "/payments")
			.bearer(newCustomerToken())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
		assertThat(stranger.status()).isEqualTo(404);
		http().post("/api/v1/orders/" + orderId + "/cancel?token=" + token).send();
		assertThat(pay(UUID.randomUUID().toString(), "4242424242424242").code()).as("a cancelled order")
			.isEqualTo("invalid_state");
	}

	/**
	 * Reads the order until it has {@code status}, for at most 15 seconds; answers the
	 * last status read.
	 */
	private String awaitOrder(String status) {
		try {
			return Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> order().path("status").asString(), status::equals);
		}
		catch (ConditionTimeoutException e) {
			return order().path("status").asString();
		}
	}

	private List<JsonNode> payments() {
		return http().get("/api/v1/orders/" + orderId + "/payments?token=" + token)
			.send()
			.json()
			.path("items")
			.valueStream()
			.toList();
	}

	/**
	 * A payment holds a pooled connection only in its short steps, none while the card is
	 * charged (the test card takes a second), so more payments than pooled connections at
	 * once all go through: none waits for a connection held across a charge, none is
	 * turned away.
	 */
	@Test
	void moreSimultaneousPaymentsThanPooledConnectionsAllGoThrough() throws Exception {
		var pool = dataSource.unwrap(HikariDataSource.class);
		int payments = pool.getMaximumPoolSize() + 6;
		inventory.setOnHand(sku, payments + 2, "many payments", null);
		List<JsonNode> orders = new ArrayList<>();
		for (int i = 0; i < payments; i++) {
			orders.add(placeGuestOrder(sku, 1, "many@example.com"));
		}
		List<Future<Http.Response>> answers = new ArrayList<>();
		try (var threads = Executors.newFixedThreadPool(payments)) {
			CountDownLatch start = new CountDownLatch(1);
			for (JsonNode each : orders) {
				answers.add(threads.submit(() -> {
					start.await();
					return http()
						.post("/api/v1/orders/" + each.path("id").asString() + "/payments?token="
								+ each.path("orderToken").asString())
						.header("Idempotency-Key", UUID.randomUUID().toString())
						.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
						.send();
				}));
			}
			start.countDown();
			for (var answer : answers) {
				Http.Response paid = answer.get(60, TimeUnit.SECONDS);
				assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
				assertThat(paid.json().path("status").asString()).isEqualTo("succeeded");
			}
		}
	}

	private JsonNode order() {
		return readOrder(orderId, token);
	}

	@Test
	void aCopyOfTheDatabaseCannotSignAWebhook() {
		// A payment completed by the provider's signed webhook: whatever key signs
		// webhooks is in use by now.
		JsonNode other = placeGuestOrder(sku, 1, "async@example.com");
		String otherPath = "/api/v1/orders/" + other.path("id").asString();
		String otherToken = "?token=" + other.path("orderToken").asString();
		assertThat(http().post(otherPath + "/payments" + otherToken)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4000000000003220"))
			.send()
			.status()).isEqualTo(201);
		Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.until(() -> http().get(otherPath + otherToken).send().json().path("status").asString().equals("paid"));
		String reference = "tc_dump_" + UUID.randomUUID().toString().substring(0, 12);
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref)
				values (gen_random_uuid(), ?::uuid, 'test_card', 'pending', 7140, 'EUR', ?)""")
			.params(orderId, reference)
			.update();
		byte[] event = SignedWebhooks.succeeded("evt_" + reference, reference);
		long now = Instant.now().getEpochSecond();
		boolean secretsTable = jdbc.sql("select to_regclass('node_secrets') is not null").query(Boolean.class).single();
		List<byte[]> stored = secretsTable ? jdbc.sql("select secret from node_secrets").query(byte[].class).list()
				: List.of();

		List<Integer> answers = new ArrayList<>();
		for (byte[] secret : stored) {
			answers.add(webhook(event, SignedWebhooks.signatureWith(secret, event, now)).status());
		}

		assertThat(answers).as("webhooks signed with each key kept in the database").doesNotContain(200);
		assertThat(order().path("status").asString()).isEqualTo("pending_payment");
	}

	/**
	 * A payment's key is claimed in a short transaction of its own, not held by a
	 * transaction open across the charge: while the claim runs, a retry is 409
	 * {@code idempotency_in_progress}; a claim whose node died (it ran out) is taken over
	 * by the retry, which pays, and the answer is kept for the next retry.
	 */
	@Test
	void aPaymentsKeyIsClaimedNotHeldAndAnAbandonedClaimIsTakenOver() {
		String caller = Idempotency.guest("order:" + orderId + ":" + token);
		String key = UUID.randomUUID().toString();
		// the claim another node made for this very request
		String fingerprint = Hashes.hmacSha256Hex(keys.key("idempotency-fingerprint"), "POST /api/v1/orders/" + orderId
				+ "/payments {\"method\":\"test_card\",\"cardNumber\":\"4242424242424242\"}");
		jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, running_until)
				values (?, ?, ?, 0, '', now() + interval '1 minute')""").params(caller, key, fingerprint).update();

		Http.Response running = pay(key, "4242424242424242");
		assertThat(running.status()).as(running.toString()).isEqualTo(409);
		assertThat(running.code()).isEqualTo("idempotency_in_progress");

		// the node holding the claim died: its claim runs out
		jdbc.sql("update idempotency_keys set running_until = now() - interval '1 second' where caller = ? and key = ?")
			.params(caller, key)
			.update();
		Http.Response paid = pay(key, "4242424242424242");
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		assertThat(paid.json().path("status").asString()).isEqualTo("succeeded");
		Http.Response replayed = pay(key, "4242424242424242");
		assertThat(replayed.status()).isEqualTo(201);
		assertThat(replayed.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replayed.json().path("id").asString()).isEqualTo(paid.json().path("id").asString());
		assertThat(jdbc.sql("select running_until from idempotency_keys where caller = ? and key = ?")
			.params(caller, key)
			.query(OffsetDateTime.class)
			.optional()).as("the claim is replaced by the answer").isEmpty();
	}

	/**
	 * An abandoned claim is taken over only by the same request: the same key with
	 * another body is still 422.
	 */
	@Test
	void anAbandonedClaimIsNotTakenOverByAnotherRequest() {
		String caller = Idempotency.guest("order:" + orderId + ":" + token);
		String key = UUID.randomUUID().toString();
		jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, running_until)
				values (?, ?, 'another request', 0, '', now() - interval '1 second')""").params(caller, key).update();

		Http.Response other = pay(key, "4242424242424242");
		assertThat(other.status()).as(other.toString()).isEqualTo(422);
		assertThat(other.code()).isEqualTo("idempotency_key_reused");
		assertThat(jdbc.sql("select count(*) from payments where order_id = ?::uuid")
			.param(orderId)
			.query(Long.class)
			.single()).isZero();
	}

	private Http.Response pay(String key, String card) {
		return pay(key, Map.of("method", "test_card", "cardNumber", card));
	}

	private Http.Response pay(String key, Map<String, Object> body) {
		return pay(orderId, token, key, body);
	}

	private Http.Response webhook(byte[] event, String signature) {
		return SignedWebhooks.send(http(), event, signature);
	}

	private String signature(byte[] event, long at) {
		return SignedWebhooks.signature(keys, event, at);
	}

}

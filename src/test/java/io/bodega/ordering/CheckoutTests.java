package io.bodega.ordering;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.bodega.inventory.Inventory;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import io.bodega.testing.StatementCounter;
import io.bodega.testing.TestMailbox;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.node.ObjectNode;

class CheckoutTests extends OrderTest {

	@Autowired
	Inventory inventory;

	CheckoutTests() {
		super("Ordered", 2500);
	}

	@AfterEach
	void noInjectedFailure() {
		InjectedFailure.reset();
	}

	@Test
	void checkoutReservesEveryLineEmptiesTheCartAndAnswersThePendingOrder() {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 3);

		Http.Response answer = checkout(customer, UUID.randomUUID().toString(),
				Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		JsonNode order = answer.json();
		assertThat(order.path("number").asString()).matches("BO-\\d{6,}");
		assertThat(order.path("status").asString()).isEqualTo("pending_payment");
		assertThat(order.path("email").asString()).endsWith("@example.com");
		assertThat(order.path("lines").get(0).path("quantity").asInt()).isEqualTo(3);
		assertThat(order.path("lines").get(0).path("unitPrice").path("amount").asLong()).isEqualTo(2500);
		assertThat(order.path("totals").path("subtotal").path("amount").asLong()).isEqualTo(7500);
		assertThat(order.path("totals").path("total").path("amount").asLong()).isEqualTo(7500 + 1425);
		assertThat(order.path("shippingAddress").path("city").asString()).isEqualTo("Berlin");
		assertThat(order.path("orderToken").asString()).matches("[A-Za-z0-9_-]{43}");
		assertThat(answer.header("Location")).hasValue("/api/v1/orders/" + order.path("id").asString());
		assertThat(inventory.level(sku).orElseThrow().reserved()).isEqualTo(3);
		assertThat(http().get("/api/v1/carts/" + cart).bearer(customer).send().json().path("items").size()).isZero();

		JsonNode read = http().get("/api/v1/orders/" + order.path("id").asString()).bearer(customer).send().json();
		assertThat(read.path("number").asString()).isEqualTo(order.path("number").asString());
		assertThat(read.path("orderToken").isNull()).as("the token is shown once").isTrue();
		JsonNode mine = http().get("/api/v1/orders").bearer(customer).send().json();
		assertThat(mine.path("items").get(0).path("id").asString()).isEqualTo(order.path("id").asString());
		assertThat(http().get("/api/v1/orders").send().status()).isEqualTo(401);
	}

	@Test
	void theCheckoutAnswerIsTheStoredOrderAndItsCostDoesNotGrowWithTheLines() {
		List<String> skus = new ArrayList<>(List.of(sku));
		for (int i = 0; i < 4; i++) {
			String more = uniqueSku();
			createProduct(admin, productBody("Ordered too " + uniqueWord(), List.of(), 1000 + i, more));
			skus.add(more);
		}
		String oneLine = cartWith(null, sku, 1);
		String fiveLines = cartWith(null, skus.get(4), 2);
		for (int i = 3; i >= 0; i--) {
			assertThat(http().post("/api/v1/carts/" + fiveLines + "/items")
				.json(Map.of("sku", skus.get(i), "quantity", 1))
				.send()
				.status()).isEqualTo(200);
		}
		Map<String, Object> guest = Map.of("email", "lines@example.com", "shippingAddress", SHIPPING_ADDRESS);
		checkout(null, UUID.randomUUID().toString(), with(guest, "cartId", cartWith(null, sku, 1)));

		Http.Response[] answers = new Http.Response[2];
		int one = StatementCounter
			.count(() -> answers[0] = checkout(null, UUID.randomUUID().toString(), with(guest, "cartId", oneLine)));
		int five = StatementCounter
			.count(() -> answers[1] = checkout(null, UUID.randomUUID().toString(), with(guest, "cartId", fiveLines)));

		// Fourteen in production, in one transaction (three of them the event log's: the
		// products of the SKUs whose
		// stock moved, the log's lock with its wake-up, and one insert of all the order's
		// events); the tests'
		// LaterListeners add two, storing the OrderPlaced and StockChanged publications.
		assertThat(five).as("statements of a five-line checkout against a one-line one").isEqualTo(one).isEqualTo(16);
		JsonNode placed = answers[1].json();
		assertThat(placed.path("lines").findValuesAsString("sku")).as("the cart's order")
			.containsExactly(skus.get(4), skus.get(3), skus.get(2), skus.get(1), skus.get(0));
		JsonNode stored = http()
			.get("/api/v1/orders/" + placed.path("id").asString() + "?token=" + placed.path("orderToken").asString())
			.send()
			.json();
		assertThat(((ObjectNode) placed).put("orderToken", (String) null)).as("the checkout answer is what is stored")
			.isEqualTo(stored);
		assertThat(skus.stream().map(each -> inventory.level(each).orElseThrow().reserved()))
			.as("reserved by the three orders")
			.containsExactly(3, 1, 1, 1, 2);
	}

	private static Map<String, Object> with(Map<String, Object> body, String name, Object value) {
		Map<String, Object> copy = new HashMap<>(body);
		copy.put(name, value);
		return copy;
	}

	@Test
	void aPlacedOrderIsAPersistedEventAndTheBuyerGetsAConfirmation() throws Exception {
		String email = "buyer-" + uniqueWord() + "@example.com";
		String cart = cartWith(null, sku, 1);

		JsonNode order = checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", cart, "email", email, "shippingAddress", SHIPPING_ADDRESS))
			.json();

		var mail = TestMailbox.awaitLatest(email, 1);
		assertThat(mail.subject()).isEqualTo("Your Bodega order " + order.path("number").asString());
		assertThat(mail.body()).contains("EUR 34.70");
		long completed = Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> jdbc.sql("""
					select count(*) from event_publication
					where event_type like '%OrderPlaced' and serialized_event like ? and completion_date is not null""")
				.param("%" + order.path("id").asString() + "%")
				.query(Long.class)
				.single(), count -> count > 0);
		assertThat(completed).as("stored with the order for a later listener, and completed").isEqualTo(1);
	}

	@Test
	void guestsGiveAnEmailAndReadTheirOrderWithItsToken() {
		String cart = cartWith(null, sku, 1);

		Http.Response noEmail = checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS));
		assertThat(fields(noEmail)).containsExactly("email");

		JsonNode order = checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", cart, "email", "guest@example.com", "shippingAddress", SHIPPING_ADDRESS))
			.json();
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();

		assertThat(http().get("/api/v1/orders/" + id + "?token=" + token).send().json().path("email").asString())
			.isEqualTo("guest@example.com");
		assertThat(http().get("/api/v1/orders/" + id).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + id + "?token=forged").send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + id).bearer(newCustomerToken()).send().status()).as("another customer")
			.isEqualTo(404);
	}

	@Test
	void theKeptAnswerHoldsTheGuestsOrderTokenOnlySealed() {
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cartWith(null, sku, 1), "email", "sealed@example.com",
				"shippingAddress", SHIPPING_ADDRESS);
		Http.Response first = checkout(null, key, body);
		String token = first.json().path("orderToken").asString();

		byte[] kept = jdbc.sql("select response_body from idempotency_keys where key = ?")
			.param(key)
			.query(byte[].class)
			.single();
		assertThat(new String(kept, StandardCharsets.ISO_8859_1)).doesNotContain(token).doesNotContain("orderToken");
		assertThat(checkout(null, key, body).raw()).as("the replay still carries it").isEqualTo(first.raw());
	}

	@Test
	void needsAnIdempotencyKey() {
		String cart = cartWith(null, sku, 1);
		Http.Response answer = http().post("/api/v1/orders")
			.json(Map.of("cartId", cart, "email", "g@example.com", "shippingAddress", SHIPPING_ADDRESS))
			.send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("idempotency_key_required");
		assertThat(checkout(null, "x".repeat(256),
				Map.of("cartId", cart, "email", "g@example.com", "shippingAddress", SHIPPING_ADDRESS))
			.code()).isEqualTo("idempotency_key_required");
	}

	@Test
	void replaysTheFirstAnswerForTheSameKeyAndRefusesItForAnotherRequest() {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 2);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS);

		Http.Response first = checkout(customer, key, body);
		Http.Response replay = checkout(customer, key, body);
		Http.Response other = checkout(customer, key, Map.of("cartId", cart, "shippingAddress",
				Map.of("name", "Bob", "line1", "Elm 2", "city", "Paris", "postalCode", "75001", "country", "FR")));

		assertThat(first.status()).isEqualTo(201);
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.raw()).isEqualTo(first.raw());
		assertThat(other.status()).isEqualTo(422);
		assertThat(other.code()).isEqualTo("idempotency_key_reused");
		assertThat(inventory.level(sku).orElseThrow().reserved()).as("reserved once").isEqualTo(2);
		assertThat(http().get("/api/v1/orders").bearer(customer).send().json().path("items").size()).isEqualTo(1);
	}

	@Test
	void onlyAReplayCarriesIdempotentReplayed() {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 1);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS);

		Http.Response first = checkout(customer, key, body);
		Http.Response replay = checkout(customer, key, body);

		assertThat(first.status()).as(first.toString()).isEqualTo(201);
		assertThat(first.header("Idempotent-Replayed")).isEmpty();
		assertThat(replay.status()).isEqualTo(201);
		assertThat(replay.header("Idempotent-Replayed")).hasValue("true");
		assertThat(replay.raw()).isEqualTo(first.raw());
		assertThat(replay.header("Location")).isEqualTo(first.header("Location"));
		Http.Response other = checkout(customer, key, Map.of("cartId", cart, "shippingAddress",
				Map.of("name", "Bob", "line1", "Elm 2", "city", "Paris", "postalCode", "75001", "country", "FR")));
		assertThat(other.header("Idempotent-Replayed")).as("a refusal is no replay").isEmpty();
	}

	@Test
	void aSecondRequestWhileTheFirstRunsIsRefusedAtOnceAndLaterGetsTheFirstAnswer() throws Exception {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 2);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS);
		InjectedFailure.HOLD.set(true);
		try (ExecutorService pool = Executors.newFixedThreadPool(1)) {
			Future<Http.Response> first = pool.submit(() -> checkout(customer, key, body));
			InjectedFailure.awaitHeld();

			Http.Response second = checkout(customer, key, body);
			assertThat(second.status()).as("answered while the first is held: " + second).isEqualTo(409);
			assertThat(second.code()).isEqualTo("idempotency_in_progress");
			Http.Response other = checkout(customer, key,
					Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS, "email", "other@example.com"));
			assertThat(other.status()).as("even with another body, the key is busy").isEqualTo(409);

			InjectedFailure.release();
			Http.Response placed = first.get(30, TimeUnit.SECONDS);
			assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
			InjectedFailure.HOLD.set(false);
			Http.Response replay = checkout(customer, key, body);
			assertThat(replay.status()).isEqualTo(201);
			assertThat(replay.raw()).isEqualTo(placed.raw());
		}
		assertThat(http().get("/api/v1/orders").bearer(customer).send().json().path("items").size()).isEqualTo(1);
		assertThat(inventory.level(sku).orElseThrow().reserved()).as("reserved once").isEqualTo(2);
	}

	@Test
	void twoCheckoutsOfOneCartWithDifferentKeysPlaceOneOrder() throws Exception {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 2);
		Map<String, Object> body = Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS);
		InjectedFailure.HOLD.set(true);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			Future<Http.Response> first = pool.submit(() -> checkout(customer, UUID.randomUUID().toString(), body));
			InjectedFailure.awaitHeld();
			Future<Http.Response> second = pool.submit(() -> checkout(customer, UUID.randomUUID().toString(), body));
			awaitLockWaits("update carts", 1, second::isDone);

			InjectedFailure.HOLD.set(false);
			InjectedFailure.release();
			InjectedFailure.release();
			assertThat(first.get(30, TimeUnit.SECONDS).status()).isEqualTo(201);
			Http.Response late = second.get(30, TimeUnit.SECONDS);
			assertThat(late.status()).as("the cart the first one emptied: " + late).isEqualTo(400);
			assertThat(fields(late)).containsExactly("cartId");
		}
		assertThat(http().get("/api/v1/orders").bearer(customer).send().json().path("items").size()).isEqualTo(1);
		assertThat(inventory.level(sku).orElseThrow().reserved()).as("reserved once").isEqualTo(2);
	}

	@Test
	void aRequestThatFailsLeavesNoRecordAndItsKeyWorksForTheRetry() {
		String cart = cartWith(null, sku, 1);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "email", "retry@example.com", "shippingAddress",
				SHIPPING_ADDRESS);
		InjectedFailure.ON.set(true);

		assertThat(checkout(null, key, body).status()).isEqualTo(500);
		assertThat(
				jdbc.sql("select count(*) from idempotency_keys where key = ?").param(key).query(Long.class).single())
			.as("no record of a failed request")
			.isZero();

		InjectedFailure.ON.set(false);
		Http.Response retried = checkout(null, key, body);
		assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
		assertThat(retried.header("Idempotent-Replayed")).isEmpty();
		assertThat(checkout(null, key, body).raw()).isEqualTo(retried.raw());
	}

	@Test
	void twentyThreadsWithOneKeyPlaceOneOrder() throws Exception {
		String customer = newCustomerToken();
		String cart = cartWith(customer, sku, 1);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS);
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Http.Response>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(20)) {
			for (int i = 0; i < 20; i++) {
				answers.add(pool.submit(() -> {
					start.await();
					return checkout(customer, key, body);
				}));
			}
			start.countDown();
			Set<String> orderIds = new HashSet<>();
			for (Future<Http.Response> future : answers) {
				Http.Response answer = future.get();
				assertThat(answer.status()).as(answer.toString()).isIn(201, 409);
				if (answer.status() == 201) {
					orderIds.add(answer.json().path("id").asString());
				}
				else {
					assertThat(answer.code()).isEqualTo("idempotency_in_progress");
				}
			}
			assertThat(orderIds).hasSize(1);
		}
		assertThat(http().get("/api/v1/orders").bearer(customer).send().json().path("items").size()).isEqualTo(1);
		assertThat(inventory.level(sku).orElseThrow().reserved()).isEqualTo(1);
	}

	@Test
	void fiftyBuyersRacingForTenUnitsPlaceExactlyTenOrders() throws Exception {
		String scarce = uniqueSku();
		createProduct(admin, productBody("Scarce " + uniqueWord(), List.of(), 100, scarce));
		List<String> carts = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			String cart = http().post("/api/v1/carts").send().json().path("id").asString();
			jdbc.sql("insert into cart_lines (cart_id, sku, quantity) values (?, ?, 1)").params(cart, scarce).update();
			carts.add(cart);
		}
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
			for (String cart : carts) {
				answers.add(pool.submit(() -> {
					start.await();
					return checkout(null, UUID.randomUUID().toString(),
							Map.of("cartId", cart, "email", "b@example.com", "shippingAddress", SHIPPING_ADDRESS))
						.status();
				}));
			}
			start.countDown();
			Map<Integer, Integer> counts = new HashMap<>();
			for (Future<Integer> answer : answers) {
				counts.merge(answer.get(), 1, Integer::sum);
			}
			assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(201, 10, 409, 40));
		}
		assertThat(inventory.level(scarce).orElseThrow().reserved()).isEqualTo(10);
		assertThat(jdbc.sql("select count(*) from order_lines where sku = ?").param(scarce).query(Long.class).single())
			.isEqualTo(10);
	}

	@Test
	void aShortageNamesTheSkusAndWritesNothing() {
		String other = uniqueSku();
		createProduct(admin, productBody("Other " + uniqueWord(), List.of(), 100, other));
		String cart = cartWith(null, sku, 5);
		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", other, "quantity", 2)).send();
		inventory.setOnHand(sku, 4, "test", null);
		String key = UUID.randomUUID().toString();
		Map<String, Object> body = Map.of("cartId", cart, "email", "g@example.com", "shippingAddress",
				SHIPPING_ADDRESS);

		Http.Response answer = checkout(null, key, body);

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.code()).isEqualTo("insufficient_stock");
		assertThat(answer.json().path("detail").asString()).contains(sku).doesNotContain(other);
		assertThat(inventory.level(other).orElseThrow().reserved()).as("all lines or none").isZero();
		assertThat(http().get("/api/v1/carts/" + cart).send().json().path("items").size()).isEqualTo(2);
		inventory.setOnHand(sku, 10, "restocked", null);
		assertThat(checkout(null, key, body).status()).as("a failed request frees its key").isEqualTo(201);
	}

	@Test
	void aFailureAfterTheReservationRollsEverythingBack() {
		String cart = cartWith(null, sku, 2);
		String email = "rolled-back-" + uniqueWord() + "@example.com";
		long ordersBefore = jdbc.sql("select count(*) from orders").query(Long.class).single();
		InjectedFailure.ON.set(true);

		Http.Response answer = checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", cart, "email", email, "shippingAddress", SHIPPING_ADDRESS));

		assertThat(answer.status()).isEqualTo(500);
		assertThat(jdbc.sql("select count(*) from mail_outbox where recipient = ?")
			.param(email)
			.query(Long.class)
			.single()).as("no confirmation queued for an order that is not").isZero();
		assertThat(jdbc.sql("select count(*) from orders").query(Long.class).single()).isEqualTo(ordersBefore);
		assertThat(inventory.level(sku).orElseThrow().reserved()).as("no reservation without an order").isZero();
		assertThat(jdbc.sql("select count(*) from stock_movements where sku = ? and reason = 'order_placed'")
			.param(sku)
			.query(Long.class)
			.single()).isZero();
		assertThat(http().get("/api/v1/carts/" + cart).send().json().path("items").size()).isEqualTo(1);
	}

	@Test
	void namesEveryBadFieldOfACheckout() {
		Http.Response answer = checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", "", "email", "nope", "shippingAddress", Map.of("country", "Germany")));

		assertThat(fields(answer)).contains("cartId", "email", "shippingAddress.name", "shippingAddress.line1",
				"shippingAddress.city", "shippingAddress.postalCode", "shippingAddress.country");
		String empty = http().post("/api/v1/carts").send().json().path("id").asString();
		assertThat(fields(checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", empty, "email", "g@example.com", "shippingAddress", SHIPPING_ADDRESS))))
			.containsExactly("cartId");
		assertThat(checkout(null, UUID.randomUUID().toString(),
				Map.of("cartId", "unknown", "email", "g@example.com", "shippingAddress", SHIPPING_ADDRESS))
			.status()).isEqualTo(404);
	}

	String cartWith(String token, String sku, int quantity) {
		Http.Request create = http().post("/api/v1/carts");
		if (token != null) {
			create.bearer(token);
		}
		String cart = create.send().json().path("id").asString();
		Http.Request add = http().post("/api/v1/carts/" + cart + "/items")
			.json(Map.of("sku", sku, "quantity", quantity));
		if (token != null) {
			add.bearer(token);
		}
		assertThat(add.send().status()).isEqualTo(200);
		return cart;
	}

	Http.Response checkout(String token, String key, Map<String, Object> body) {
		Http.Request request = http().post("/api/v1/orders").header("Idempotency-Key", key).json(body);
		if (token != null) {
			request.bearer(token);
		}
		return request.send();
	}

}

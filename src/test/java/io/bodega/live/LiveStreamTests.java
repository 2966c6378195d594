package io.bodega.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.bodega.events.EventLog;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The live streams end to end: real SSE connections to the running server, events caused through the public API.
 */
class LiveStreamTests extends ApiTest {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	EventLog log;

	private static JsonNode data(SseClient.Message message) {
		return JSON.readTree(message.data());
	}

	private static String bearer(String token) {
		return "Bearer " + token;
	}

	/** A signed-in customer's cart with one line of {@code sku}: its id. */
	private String customerCart(String token, String sku, int quantity) {
		String cart = http().post("/api/v1/carts").bearer(token).send().json().path("id").asString();
		Http.Response added = http().post("/api/v1/carts/" + cart + "/items").bearer(token)
			.json(Map.of("sku", sku, "quantity", quantity))
			.send();
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		return cart;
	}

	private JsonNode customerOrder(String token, String cart) {
		Http.Response placed = http().post("/api/v1/orders").bearer(token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS))
			.send();
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return placed.json();
	}

	private void pay(String token, String orderId) {
		Http.Response paid = http().post("/api/v1/orders/" + orderId + "/payments").bearer(token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
	}

	private String productIdOf(String sku) {
		return jdbc.sql("select product_id::text from variants where sku = ?").param(sku).query(String.class).single();
	}

	@Test
	void aCustomerFollowsTheirCartAndOrderAndNeverSeesAnotherCustomers() {
		String sku = newProductSku(adminToken(), "Live tee", 1500);
		String ann = newCustomerToken();
		String bob = newCustomerToken();
		try (SseClient annStream = SseClient.stream(port, "/api/v1/events", "Authorization", bearer(ann));
				SseClient bobStream = SseClient.stream(port, "/api/v1/events", "Cookie", "bodega_session=" + bob)) {
			String cart = customerCart(ann, sku, 2);
			SseClient.Message cartChanged = annStream.awaitMessage(m -> m.event().equals("cart.changed"));
			assertThat(data(cartChanged).path("itemCount").asInt()).isEqualTo(2);
			assertThat(data(cartChanged).has("id")).as("a cart's id is its secret").isFalse();

			JsonNode order = customerOrder(ann, cart);
			String orderId = order.path("id").asString();
			pay(ann, orderId);
			SseClient.Message paid = annStream.awaitMessage(m -> m.event().equals("order.paid"));
			assertThat(data(paid).path("id").asString()).isEqualTo(orderId);
			assertThat(data(paid).path("status").asString()).isEqualTo("paid");
			SseClient.Message placed = annStream.messages("order.placed").getFirst();
			assertThat(data(placed).path("number").asString()).isEqualTo(order.path("number").asString());
			assertThat(placed.eventId()).isLessThan(paid.eventId());
			assertThat(annStream.lastEventId()).isEqualTo(Long.toString(annStream.messages().getLast().eventId()));

			// Bob's own change reaches Bob (so his stream works and is current), and nothing of Ann's ever does.
			customerCart(bob, sku, 1);
			bobStream.awaitMessage(m -> m.event().equals("cart.changed"));
			assertThat(bobStream.messages()).noneMatch(m -> m.data().contains(orderId))
				.allMatch(m -> m.event().equals("cart.changed"))
				.hasSize(1);
			assertThat(annStream.messages()).extracting(SseClient.Message::event)
				.doesNotContain("stock.changed", "product.created");
		}
	}

	@Test
	void aGuestFollowsTheirOrderWithItsTokenOnly() {
		String sku = newProductSku(adminToken(), "Guest live", 900);
		JsonNode order = placeGuestOrder(sku, 1, "live-guest@example.com");
		JsonNode other = placeGuestOrder(sku, 1, "other-guest@example.com");
		String id = order.path("id").asString();
		try (SseClient stream = SseClient.stream(port,
				"/api/v1/events?orderId=" + id + "&token=" + order.path("orderToken").asString())) {
			payWithTestCard(other);
			payWithTestCard(order);
			SseClient.Message paid = stream.awaitMessage(m -> m.event().equals("order.paid"));
			assertThat(data(paid).path("id").asString()).isEqualTo(id);
			assertThat(stream.messages()).allMatch(m -> data(m).path("id").asString().equals(id)
					|| data(m).path("orderId").asString().equals(id));
		}

		Http.Response wrongToken = http().get("/api/v1/events?orderId=" + id + "&token=" + UUID.randomUUID())
			.header("Accept", "text/event-stream")
			.send();
		assertThat(wrongToken.status()).isEqualTo(404);
		assertThat(wrongToken.code()).isEqualTo("not_found");
		Http.Response readingIt = http().get("/api/v1/orders/" + id + "?token=" + UUID.randomUUID()).send();
		assertThat(wrongToken.json().path("detail")).isEqualTo(readingIt.json().path("detail"));
		assertThat(http().get("/api/v1/events?orderId=" + id).send().status()).as("no token, not signed in")
			.isEqualTo(404);
		assertThat(http().get("/api/v1/events?orderId=not-an-id&token=x").send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/events?orderId=" + id).bearer(newCustomerToken()).send().status())
			.as("another customer's order").isEqualTo(404);
	}

	@Test
	void aStorefrontOnAnAllowedOriginFollowsAndResumesAcrossOrigins() {
		String origin = "https://shop.example.test";
		String token = newCustomerToken();
		Http.Response preflight = http().method("OPTIONS", "/api/v1/events")
			.header("Origin", origin)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "last-event-id")
			.send();
		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Headers")).hasValueSatisfying(
				allowed -> assertThat(allowed).containsIgnoringCase("Last-Event-ID"));
		try (SseClient stream = SseClient.stream(port, "/api/v1/events", "Origin", origin, "Cookie",
				"bodega_session=" + token, "Last-Event-ID", Long.toString(log.latestId()))) {
			assertThat(stream.header("Access-Control-Allow-Origin")).isEqualTo(origin);
			assertThat(stream.header("Access-Control-Allow-Credentials")).isEqualTo("true");
		}
	}

	@Test
	void withoutSessionOrOrderTheStreamIsRefused401() {
		Http.Response refused = http().get("/api/v1/events").header("Accept", "text/event-stream").send();
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.code()).isEqualTo("unauthenticated");
		assertThat(refused.header("Content-Type")).hasValue("application/problem+json");
		assertThat(http().get("/api/v1/events").bearer("not-a-session").send().status()).isEqualTo(401);
	}

	@Test
	void theStaffStreamCarriesWhatItIsAskedFor() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Staff live", 700);
		String productId = productIdOf(sku);
		try (SseClient placedOnly = SseClient.stream(port, "/api/v1/admin/events?types=order.placed",
				"Authorization", bearer(admin));
				SseClient everything = SseClient.stream(port, "/api/v1/admin/events", "Authorization",
						bearer(admin))) {
			String customer = newCustomerToken();
			customerCart(customer, sku, 1);
			JsonNode order = placeGuestOrder(sku, 3, "staff-live@example.com");
			payWithTestCard(order);
			String id = order.path("id").asString();

			everything.awaitMessage(m -> m.event().equals("order.paid") && m.data().contains(id));
			SseClient.Message stock = everything.awaitMessage(
					m -> m.event().equals("stock.changed") && data(m).path("sku").asString().equals(sku));
			assertThat(data(stock).path("productId").asString()).isEqualTo(productId);
			assertThat(data(stock).path("onHand").asInt()).isEqualTo(10);
			assertThat(data(stock).path("reserved").asInt()).isEqualTo(3);
			assertThat(data(stock).path("available").asInt()).isEqualTo(7);
			assertThat(everything.messages()).as("carts are their customers' alone")
				.noneMatch(m -> m.event().equals("cart.changed"));

			placedOnly.awaitMessage(m -> m.event().equals("order.placed") && m.data().contains(id));
			// A later order: a stream sends in id order, so once it is there, the earlier payment would be too.
			String later = placeGuestOrder(sku, 1, "staff-live@example.com").path("id").asString();
			placedOnly.awaitMessage(m -> m.event().equals("order.placed") && m.data().contains(later));
			assertThat(placedOnly.messages()).allMatch(m -> m.event().equals("order.placed"));
		}
	}

	@Test
	void theStaffStreamRefusesUnknownTypesAndCustomers() {
		String admin = adminToken();
		Http.Response unknown = http().get("/api/v1/admin/events?types=order.placed,order.teleported").bearer(admin)
			.send();
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.code()).isEqualTo("validation_failed");
		assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("types");
		assertThat(unknown.json().path("errors").get(0).path("message").asString()).contains("order.teleported");
		assertThat(http().get("/api/v1/admin/events?types=cart.changed").bearer(admin).send().status())
			.isEqualTo(400);

		Http.Response customer = http().get("/api/v1/admin/events").bearer(newCustomerToken()).send();
		assertThat(customer.status()).isEqualTo(403);
		assertThat(customer.code()).isEqualTo("forbidden");
		assertThat(http().get("/api/v1/admin/events").send().status()).isEqualTo(401);
	}

	@Test
	void aProductStreamShowsItsAvailabilityGoingDownAndNothingMore() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Public live", 1100);
		String productId = productIdOf(sku);
		try (SseClient stream = SseClient.stream(port, "/api/v1/products/" + productId + "/events")) {
			placeGuestOrder(newProductSku(admin, "Another product", 100), 1, "elsewhere@example.com");
			placeGuestOrder(sku, 3, "public-live@example.com");
			SseClient.Message stock = stream.awaitMessage(m -> m.event().equals("stock.changed"));
			JsonNode shown = data(stock);
			assertThat(shown.path("sku").asString()).isEqualTo(sku);
			assertThat(shown.path("productId").asString()).isEqualTo(productId);
			assertThat(shown.path("available").asInt()).isEqualTo(7);
			assertThat(shown.propertyNames()).as("only what the public product shows")
				.containsExactlyInAnyOrder("sku", "productId", "available");
			JsonNode product = http().get("/api/v1/products/" + productId).send().json();
			assertThat(product.path("variants").get(0).path("available").asInt()).isEqualTo(7);
			assertThat(stream.messages()).hasSize(1);
		}

		Http.Response head = http().method("HEAD", "/api/v1/products/" + productId + "/events").send();
		assertThat(head.status()).as("headers only, and the answer ends").isEqualTo(200);
		assertThat(head.header("Content-Type")).hasValueSatisfying(
				type -> assertThat(type).startsWith("text/event-stream"));
		assertThat(http().get("/api/v1/products/" + UUID.randomUUID() + "/events").send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/products/no-such-id/events").send().status()).isEqualTo(404);
		String draft = createProduct(admin, Map.of("title", "Draft " + uniqueWord(), "status", "draft", "variants",
				List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR"), "stock", 1))))
			.path("id")
			.asString();
		assertThat(http().get("/api/v1/products/" + draft + "/events").send().status()).as("not public")
			.isEqualTo(404);
	}

	@Test
	void resumingAfterLastEventIdGetsExactlyTheMissedEventsOnAnyStream() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Resumed", 500);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		String resumeAfter;
		try (SseClient first = SseClient.stream(port, path)) {
			placeGuestOrder(sku, 1, "resume@example.com");
			resumeAfter = first.awaitMessage(m -> data(m).path("available").asInt() == 9).id();
			assertThat(first.lastEventId()).isEqualTo(resumeAfter);
		}
		// missed while away
		placeGuestOrder(sku, 1, "resume@example.com");
		placeGuestOrder(sku, 1, "resume@example.com");

		// A second connection, as a browser makes it (to this node or any other), and one opened with the parameter.
		try (SseClient header = SseClient.stream(port, path, "Last-Event-ID", resumeAfter);
				SseClient parameter = SseClient.stream(port, path + "?lastEventId=" + resumeAfter);
				SseClient headerWins = SseClient.stream(port, path + "?lastEventId=0", "Last-Event-ID", resumeAfter)) {
			for (SseClient resumed : List.of(header, parameter, headerWins)) {
				resumed.awaitMessage(m -> data(m).path("available").asInt() == 7);
			}
			placeGuestOrder(sku, 1, "resume@example.com");
			for (SseClient resumed : List.of(header, parameter, headerWins)) {
				resumed.awaitMessage(m -> data(m).path("available").asInt() == 6);
				assertThat(resumed.messages()).extracting(m -> data(m).path("available").asInt())
					.containsExactly(8, 7, 6);
				assertThat(resumed.messages()).extracting(SseClient.Message::eventId)
					.isSorted()
					.doesNotHaveDuplicates()
					.allMatch(id -> id > Long.parseLong(resumeAfter));
			}
		}
	}

	@Test
	void aClientTooFarBehindIsToldToReload() {
		String admin = adminToken();
		long before = log.latestId();
		// 11 products of 100 SKUs each: 1,100 stock changes, more than a stream catches up on
		for (int p = 0; p < 11; p++) {
			List<Map<String, Object>> variants = new ArrayList<>();
			for (int v = 0; v < 100; v++) {
				variants.add(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR"), "stock", 1));
			}
			createProduct(admin, Map.of("title", "Many " + uniqueWord(), "variants", variants));
		}
		try (SseClient behind = SseClient.stream(port, "/api/v1/admin/events?types=stock.changed",
				"Authorization", bearer(admin), "Last-Event-ID", Long.toString(before))) {
			SseClient.Message reset = behind.awaitMessage(m -> m.event().equals("reset"));
			assertThat(reset.eventId()).isGreaterThanOrEqualTo(before + 1_100);
			assertThat(data(reset).path("reason").asString()).isEqualTo("too_far_behind");
			assertThat(behind.messages()).as("no backlog instead").hasSize(1);
			// and it goes on from there
			String sku = newProductSku(admin, "After the reset", 100);
			behind.awaitMessage(m -> m.event().equals("stock.changed") && data(m).path("sku").asString().equals(sku));
		}
		// an id the log never gave out
		String sku = newProductSku(admin, "Future", 100);
		try (SseClient future = SseClient.stream(port, "/api/v1/products/" + productIdOf(sku) + "/events",
				"Last-Event-ID", Long.toString(log.latestId() + 1_000_000))) {
			SseClient.Message reset = future.awaitMessage(m -> m.event().equals("reset"));
			assertThat(reset.eventId()).isLessThanOrEqualTo(log.latestId());
		}
		// a client just within reach catches up instead
		long recent = log.latestId();
		String near = newProductSku(admin, "Near", 100);
		try (SseClient caughtUp = SseClient.stream(port, "/api/v1/products/" + productIdOf(near) + "/events",
				"Last-Event-ID", Long.toString(recent))) {
			caughtUp.awaitMessage(m -> m.event().equals("stock.changed"));
			assertThat(caughtUp.messages("reset")).isEmpty();
		}
	}

	@Test
	void aLastEventIdThatIsNoNumberIsRefused() {
		String sku = newProductSku(adminToken(), "Bad id", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		Http.Response header = http().get(path).header("Last-Event-ID", "abc").send();
		assertThat(header.status()).isEqualTo(400);
		assertThat(header.json().path("errors").get(0).path("field").asString()).isEqualTo("Last-Event-ID");
		Http.Response parameter = http().get(path + "?lastEventId=-5").send();
		assertThat(parameter.status()).isEqualTo(400);
		assertThat(parameter.json().path("errors").get(0).path("field").asString()).isEqualTo("lastEventId");
	}

	@Test
	void anIdleStreamGetsHeartbeats() {
		String sku = newProductSku(adminToken(), "Quiet", 100);
		try (SseClient stream = SseClient.stream(port, "/api/v1/products/" + productIdOf(sku) + "/events")) {
			assertThat(stream.retry()).isEqualTo(3000);
			await().atMost(10, TimeUnit.SECONDS).until(() -> stream.comments() >= 2);
			assertThat(stream.messages()).isEmpty();
			assertThat(stream.ended()).isFalse();
		}
	}

	@Test
	void signingOutEndsTheStreamAndAnOpenStreamKeepsNoSessionAlive() {
		String token = newCustomerToken();
		String lastSeen = "select last_seen_at from user_sessions where token_hash = sha256(convert_to(?, 'UTF8'))";
		try (SseClient stream = SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token))) {
			jdbc.sql("update user_sessions set last_seen_at = now() - interval '10 minutes' "
					+ "where token_hash = sha256(convert_to(?, 'UTF8'))")
				.param(token)
				.update();
			java.time.OffsetDateTime idleSince = jdbc.sql(lastSeen).param(token).query(java.time.OffsetDateTime.class).single();
			// several session checks pass; none counts as the session's activity
			await().during(2, TimeUnit.SECONDS).atMost(4, TimeUnit.SECONDS).until(() -> !stream.ended()
					&& jdbc.sql(lastSeen).param(token).query(java.time.OffsetDateTime.class).single().equals(idleSince));

			assertThat(http().post("/api/v1/auth/logout").bearer(token).send().status()).isEqualTo(204);
			await().atMost(5, TimeUnit.SECONDS).until(stream::ended);
		}
	}

	@Test
	void aStreamEndsWhenItsSessionExpires() {
		String token = newCustomerToken();
		try (SseClient stream = SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token))) {
			jdbc.sql("update user_sessions set expires_at = now() where token_hash = sha256(convert_to(?, 'UTF8'))")
				.param(token)
				.update();
			await().atMost(5, TimeUnit.SECONDS).until(stream::ended);
		}
	}

	@Test
	void hundredsOfStreamsEachReceiveEveryEventExactlyOnce() throws Exception {
		String sku = newProductSku(adminToken(), "Crowded", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		int count = 300;
		List<SseClient> streams = new ArrayList<>();
		try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<SseClient>> opened = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				opened.add(opening.submit(() -> SseClient.stream(port, path)));
			}
			for (Future<SseClient> stream : opened) {
				streams.add(stream.get(60, TimeUnit.SECONDS));
			}
		}
		try {
			for (int order = 0; order < 5; order++) {
				placeGuestOrder(sku, 1, "crowd@example.com");
			}
			await().atMost(30, TimeUnit.SECONDS)
				.until(() -> streams.stream().allMatch(s -> s.messages().size() >= 5));
			List<Long> ids = streams.getFirst().messages().stream().map(SseClient.Message::eventId).toList();
			for (SseClient stream : streams) {
				assertThat(stream.messages()).extracting(m -> data(m).path("available").asInt())
					.containsExactly(9, 8, 7, 6, 5);
				assertThat(stream.messages()).extracting(SseClient.Message::eventId).isEqualTo(ids);
			}
		}
		finally {
			streams.forEach(SseClient::close);
		}
	}

	@Test
	void aSessionMayHoldOnlyAFewStreams() {
		String token = newCustomerToken();
		List<SseClient> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				streams.add(SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token)));
			}
			Http.Response refused = http().get("/api/v1/events").bearer(token).send();
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.code()).isEqualTo("rate_limited");
			assertThat(refused.header("Retry-After")).isPresent();
			// another session of someone else is not counted with it
			try (SseClient other = SseClient.stream(port, "/api/v1/events", "Authorization",
					bearer(newCustomerToken()))) {
				assertThat(other.ended()).isFalse();
			}
			// a closed stream makes room once the server notices (at its next heartbeat at the latest)
			streams.removeFirst().close();
			await().atMost(10, TimeUnit.SECONDS).until(() -> {
				SseClient again = SseClient.open(port, "/api/v1/events", "Authorization", bearer(token));
				if (again.status() == 200) {
					streams.add(again);
					return true;
				}
				return false;
			});
		}
		finally {
			streams.forEach(SseClient::close);
		}
	}
}

package io.bodega.live;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Who may follow which stream, and what each carries. */
class LiveStreamTests extends LiveApiTest {

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

			// Bob's own change reaches Bob (so his stream works and is current), and
			// nothing of Ann's ever does.
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
			assertThat(stream.messages()).allMatch(
					m -> data(m).path("id").asString().equals(id) || data(m).path("orderId").asString().equals(id));
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
			.as("another customer's order")
			.isEqualTo(404);
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
		assertThat(preflight.header("Access-Control-Allow-Headers"))
			.hasValueSatisfying(allowed -> assertThat(allowed).containsIgnoringCase("Last-Event-ID"));
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
		try (SseClient placedOnly = SseClient.stream(port, "/api/v1/admin/events?types=order.placed", "Authorization",
				bearer(admin));
				SseClient everything = SseClient.stream(port, "/api/v1/admin/events", "Authorization", bearer(admin))) {
			String customer = newCustomerToken();
			customerCart(customer, sku, 1);
			JsonNode order = placeGuestOrder(sku, 3, "staff-live@example.com");
			payWithTestCard(order);
			String id = order.path("id").asString();

			everything.awaitMessage(m -> m.event().equals("order.paid") && m.data().contains(id));
			SseClient.Message stock = everything
				.awaitMessage(m -> m.event().equals("stock.changed") && data(m).path("sku").asString().equals(sku));
			assertThat(data(stock).path("productId").asString()).isEqualTo(productId);
			assertThat(data(stock).path("onHand").asInt()).isEqualTo(10);
			assertThat(data(stock).path("reserved").asInt()).isEqualTo(3);
			assertThat(data(stock).path("available").asInt()).isEqualTo(7);
			assertThat(everything.messages()).as("carts are their customers' alone")
				.noneMatch(m -> m.event().equals("cart.changed"));

			placedOnly.awaitMessage(m -> m.event().equals("order.placed") && m.data().contains(id));
			// A later order: a stream sends in id order, so once it is there, the earlier
			// payment would be too.
			String later = placeGuestOrder(sku, 1, "staff-live@example.com").path("id").asString();
			placedOnly.awaitMessage(m -> m.event().equals("order.placed") && m.data().contains(later));
			assertThat(placedOnly.messages()).allMatch(m -> m.event().equals("order.placed"));
		}
	}

	@Test
	void theStaffStreamRefusesUnknownTypesAndCustomers() {
		String admin = adminToken();
		Http.Response unknown = http().get("/api/v1/admin/events?types=order.placed,order.teleported")
			.bearer(admin)
			.send();
		assertThat(unknown.status()).isEqualTo(400);
		assertThat(unknown.code()).isEqualTo("validation_failed");
		assertThat(unknown.json().path("errors").get(0).path("field").asString()).isEqualTo("types");
		assertThat(unknown.json().path("errors").get(0).path("message").asString()).contains("order.teleported");
		assertThat(http().get("/api/v1/admin/events?types=cart.changed").bearer(admin).send().status()).isEqualTo(400);

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
		assertThat(head.header("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
		assertThat(http().get("/api/v1/products/" + UUID.randomUUID() + "/events").send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/products/no-such-id/events").send().status()).isEqualTo(404);
		String draft = createProduct(admin,
				Map.of("title", "Draft " + uniqueWord(), "status", "draft", "variants", List
					.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR"), "stock", 1))))
			.path("id")
			.asString();
		assertThat(http().get("/api/v1/products/" + draft + "/events").send().status()).as("not public").isEqualTo(404);
	}

	@Test
	void aProductStreamEndsWhenTheProductIsArchived() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Withdrawn", 100);
		String productId = productIdOf(sku);
		String path = "/api/v1/products/" + productId + "/events";
		try (SseClient stream = SseClient.stream(port, path)) {
			Http.Response archived = http().delete("/api/v1/admin/products/" + productId).bearer(admin).send();
			assertThat(archived.status()).isEqualTo(204);
			await().atMost(5, TimeUnit.SECONDS).until(stream::ended);
			assertThat(stream.messages()).isEmpty();
		}
		assertThat(http().get(path).send().status()).as("and a reconnect is refused").isEqualTo(404);
	}

	@Test
	void aProductStreamSendsOnlyChangesOfTheUnitsAvailableWhichPayingAnOrderIsNot() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Quiet payment", 700);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		try (SseClient product = SseClient.stream(port, path);
				SseClient staff = SseClient.stream(port, "/api/v1/admin/events?types=stock.changed", "Authorization",
						bearer(admin))) {
			String start = product.bareIds().getFirst();
			JsonNode order = placeGuestOrder(sku, 2, "quiet-payment@example.com");
			assertThat(data(product.awaitMessage(m -> m.data().contains(sku))).path("available").asInt()).isEqualTo(8);
			payWithTestCard(order);
			// paying takes the reserved units off the shelf: on hand and reserved move,
			// the units available do not
			staff.awaitMessage(m -> m.data().contains(sku) && data(m).path("onHand").asInt() == 8);
			assertThat(http().put("/api/v1/admin/inventory/" + sku)
				.bearer(admin)
				.json(Map.of("onHand", 5))
				.send()
				.status()).isEqualTo(200);
			product.awaitMessage(m -> data(m).path("available").asInt() == 5);
			staff.awaitMessage(m -> m.data().contains(sku) && data(m).path("available").asInt() == 5);

			assertThat(product.messages()).as("the order and the stock count, not the payment between them")
				.extracting(m -> data(m).path("available").asInt())
				.containsExactly(8, 5);
			assertThat(staff.messages()).as("the staff still see every movement")
				.filteredOn(m -> m.data().contains(sku))
				.extracting(m -> data(m).path("onHand").asInt() + "/" + data(m).path("reserved").asInt())
				.containsExactly("10/2", "8/0", "5/0");
			try (SseClient resumed = SseClient.stream(port, path + "?lastEventId=" + start)) {
				resumed.awaitMessage(m -> data(m).path("available").asInt() == 5);
				assertThat(resumed.messages()).as("the catch-up from the database leaves the payment out too")
					.extracting(m -> data(m).path("available").asInt())
					.containsExactly(8, 5);
			}
		}
	}

}

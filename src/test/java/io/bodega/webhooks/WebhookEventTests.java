package io.bodega.webhooks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import com.standardwebhooks.Webhook;
import io.bodega.testing.ApiDocumentCheck;

/**
 * Business changes reach subscribed endpoints: once each, with their data, in order per
 * subject.
 */
class WebhookEventTests extends WebhookTestSupport {

	private static final List<String> EVERY_TYPE = List.of("order.placed", "order.paid", "order.cancelled",
			"order.shipped", "order.delivered", "order.refunded", "payment.failed", "product.created",
			"product.updated", "stock.changed", "customer.created");

	@Test
	void anOrderPlacedOnceIsDeliveredOnceEvenWhenItsPostIsRetried() {
		String endpoint = createEndpoint(List.of("order.placed")).path("id").asString();
		String sku = newProductSku(admin, "Webhook Mug", 1200);
		String cart = http().post("/api/v1/carts").send().json().path("id").asString();
		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		String key = UUID.randomUUID().toString();
		Map<String, Object> checkout = Map.of("cartId", cart, "email", uniqueEmail(), "shippingAddress",
				SHIPPING_ADDRESS);
		Http.Response placed = http().post("/api/v1/orders").header("Idempotency-Key", key).json(checkout).send();
		Http.Response again = http().post("/api/v1/orders").header("Idempotency-Key", key).json(checkout).send();
		assertThat(placed.status()).isEqualTo(201);
		assertThat(again.json().path("id").asString()).isEqualTo(placed.json().path("id").asString());
		String order = placed.json().path("id").asString();

		await().atMost(Duration.ofSeconds(20)).until(() -> !ofSubject("order:" + order).isEmpty());
		// a second message would have had the time of another fan-out round or two
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> ofSubject("order:" + order).size() == 1);
		JsonNode message = ofSubject("order:" + order).getFirst().json();
		assertThat(message.path("type").asString()).isEqualTo("order.placed");
		assertThat(message.path("data").path("number").asString()).isEqualTo(placed.json().path("number").asString());
		assertThat(message.path("data").path("status").asString()).isEqualTo("pending_payment");
		assertThat(message.path("data").path("sequence").asInt()).isEqualTo(1);
		assertThat(jdbc.sql("select count(*) from webhook_deliveries where endpoint_id = cast(? as uuid)")
			.param(endpoint)
			.query(Integer.class)
			.single()).isGreaterThanOrEqualTo(1);
		assertThat(jdbc
			.sql("select count(*) from webhook_deliveries where endpoint_id = cast(? as uuid) " + "and body like ?")
			.param(endpoint)
			.param("%" + order + "%")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void everyBusinessEventReachesAnEndpointSubscribedToItWithItsData() throws Exception {
		JsonNode endpoint = createEndpoint(EVERY_TYPE);
		String secret = endpoint.path("secret").asString();
		// an endpoint for other types only gets none of these
		Receiver other = Receiver.start();
		try {
			createEndpoint(other.url(), List.of("customer.created"));

			String email = uniqueEmail();
			register(email);
			String customer = http().get("/api/v1/me")
				.bearer(token(email, GOOD_PASSWORD))
				.send()
				.json()
				.path("id")
				.asString();

			String sku = uniqueSku();
			JsonNode product = createProduct(admin, productBody("Webhook Lamp " + uniqueWord(), List.of(), 2500, sku));
			String productId = product.path("id").asString();
			assertThat(http().patch("/api/v1/admin/products/" + productId)
				.bearer(admin)
				.json(Map.of("title", "Webhook Lamp, brighter"))
				.send()
				.status()).isEqualTo(200);

			JsonNode order = placeGuestOrder(sku, 2, uniqueEmail());
			String orderId = order.path("id").asString();
			Http.Response declined = http()
				.post("/api/v1/orders/" + orderId + "/payments?token=" + order.path("orderToken").asString())
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.json(Map.of("method", "test_card", "cardNumber", "4000000000000002"))
				.send();
			assertThat(declined.json().path("status").asString()).isEqualTo("failed");
			payWithTestCard(order);
			assertThat(http().post("/api/v1/admin/orders/" + orderId + "/ship")
				.bearer(admin)
				.json(Map.of("carrier", "DHL", "trackingNumber", "JD0001"))
				.send()
				.status()).isEqualTo(200);
			assertThat(http().post("/api/v1/admin/orders/" + orderId + "/deliver").bearer(admin).send().status())
				.isEqualTo(200);
			assertThat(http().post("/api/v1/admin/orders/" + orderId + "/refund").bearer(admin).send().status())
				.isEqualTo(200);
			JsonNode cancelledOrder = placeGuestOrder(sku, 1, uniqueEmail());
			String cancelled = cancelledOrder.path("id").asString();
			assertThat(http()
				.post("/api/v1/orders/" + cancelled + "/cancel?token=" + cancelledOrder.path("orderToken").asString())
				.send()
				.status()).isEqualTo(200);

			await().atMost(Duration.ofSeconds(30))
				.until(() -> ofSubject("order:" + cancelled).size() == 2 && ofSubject("order:" + orderId).size() == 5
						&& ofSubject("payment:" + orderId).size() == 1 && ofSubject("product:" + productId).size() == 2
						&& !ofSubject("customer:" + customer).isEmpty());

			// an order's messages come in the order of its life, numbered within the
			// order
			List<JsonNode> lifecycle = ofSubject("order:" + orderId).stream().map(Receiver.Received::json).toList();
			assertThat(lifecycle).extracting(m -> m.path("type").asString())
				.containsExactly("order.placed", "order.paid", "order.shipped", "order.delivered", "order.refunded");
			assertThat(lifecycle).extracting(m -> m.path("data").path("sequence").asInt())
				.containsExactly(1, 2, 3, 4, 5);
			assertThat(lifecycle).extracting(m -> m.path("data").path("status").asString())
				.containsExactly("pending_payment", "paid", "shipped", "delivered", "refunded");
			JsonNode shipped = lifecycle.get(2).path("data");
			assertThat(shipped.path("carrier").asString()).isEqualTo("DHL");
			assertThat(shipped.path("trackingNumber").asString()).isEqualTo("JD0001");
			assertThat(lifecycle.getFirst().path("data").path("total").path("amount").asLong())
				.isEqualTo(order.path("totals").path("total").path("amount").asLong());
			assertThat(lifecycle.getFirst().path("data").path("number").asString())
				.isEqualTo(order.path("number").asString());
			List<JsonNode> cancelledMessages = ofSubject("order:" + cancelled).stream()
				.map(Receiver.Received::json)
				.toList();
			assertThat(cancelledMessages).extracting(m -> m.path("type").asString())
				.containsExactly("order.placed", "order.cancelled");
			assertThat(cancelledMessages.get(1).path("data").path("reason").asString()).isEqualTo("cancelled");

			JsonNode failed = ofSubject("payment:" + orderId).getFirst().json();
			assertThat(failed.path("type").asString()).isEqualTo("payment.failed");
			assertThat(failed.path("data").path("method").asString()).isEqualTo("test_card");
			assertThat(failed.path("data").path("orderNumber").asString()).isEqualTo(order.path("number").asString());
			assertThat(failed.path("data").path("amount").path("amount").asLong())
				.isEqualTo(order.path("totals").path("total").path("amount").asLong());

			List<JsonNode> products = ofSubject("product:" + productId).stream().map(Receiver.Received::json).toList();
			assertThat(products).extracting(m -> m.path("type").asString())
				.containsExactly("product.created", "product.updated");
			assertThat(products.get(1).path("data").path("title").asString()).isEqualTo("Webhook Lamp, brighter");
			assertThat(products.get(1).path("data").path("slug").asString()).isEqualTo(product.path("slug").asString());

			await().atMost(Duration.ofSeconds(20))
				.until(() -> ofSubject("sku:" + sku).stream()
					.anyMatch(m -> m.json().path("data").path("reserved").asInt() == 2));
			List<JsonNode> stock = ofSubject("sku:" + sku).stream().map(Receiver.Received::json).toList();
			assertThat(stock).allSatisfy(m -> {
				assertThat(m.path("type").asString()).isEqualTo("stock.changed");
				assertThat(m.path("data").path("productId").asString()).isEqualTo(productId);
				assertThat(m.path("data").path("available").asInt())
					.isEqualTo(m.path("data").path("onHand").asInt() - m.path("data").path("reserved").asInt());
			});
			assertThat(stock).extracting(m -> m.path("data").path("sequence").asInt()).isSorted();

			JsonNode signedUp = ofSubject("customer:" + customer).getFirst().json();
			assertThat(signedUp.path("type").asString()).isEqualTo("customer.created");
			assertThat(signedUp.path("data").path("email").asString()).isEqualTo(email);
			for (Receiver.Received message : receiver.received()) {
				new Webhook(secret).verify(message.text(), message.headers());
				// every message is what the OpenAPI document's webhooks section says of
				// its type
				ApiDocumentCheck.checkWebhook("http://localhost:" + port, message.json().path("type").asString(),
						message.headers(), message.text());
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> other.received()
					.stream()
					.anyMatch(m -> m.json().path("data").path("id").asString().equals(customer)));
			assertThat(other.received())
				.allSatisfy(m -> assertThat(m.json().path("type").asString()).isEqualTo("customer.created"));
		}
		finally {
			other.close();
		}
	}

	@Test
	void laterEventsOfAnOrderWaitWhileAnEarlierOneIsStillPending() {
		String sku = newProductSku(admin, "Webhook Kettle", 3000);
		String id = createEndpoint(List.of("order.placed", "order.paid")).path("id").asString();
		// the receiver fails the first message only: the placing of this test's first
		// order
		AtomicBoolean failedOnce = new AtomicBoolean();
		receiver.answer(
				request -> failedOnce.compareAndSet(false, true) ? Receiver.Answer.of(500) : Receiver.Answer.of(200));
		JsonNode order = placeGuestOrder(sku, 1, uniqueEmail());
		String orderId = order.path("id").asString();
		await().atMost(Duration.ofSeconds(20)).until(() -> ofSubject("order:" + orderId).size() == 1);
		String placedDelivery = jdbc.sql("""
				select id::text from webhook_deliveries
				where endpoint_id = cast(? as uuid) and event_type = 'order.placed' and body like ?""")
			.param(id)
			.param("%" + orderId + "%")
			.query(String.class)
			.single();
		awaitAttempts(id, placedDelivery, 1);
		// its retry is far off
		jdbc.sql("update webhook_deliveries set next_attempt_at = now() + interval '1 hour' where id = cast(? as uuid)")
			.param(placedDelivery)
			.update();

		payWithTestCard(order);
		JsonNode unrelated = placeGuestOrder(sku, 1, uniqueEmail());
		String unrelatedId = unrelated.path("id").asString();

		// another order's message goes by; this order's payment waits behind its placing
		await().atMost(Duration.ofSeconds(20)).until(() -> ofSubject("order:" + unrelatedId).size() == 1);
		await().during(Duration.ofSeconds(3))
			.atMost(Duration.ofSeconds(5))
			.until(() -> ofSubject("order:" + orderId).size() == 1);
		assertThat(jdbc.sql("""
				select attempts from webhook_deliveries
				where endpoint_id = cast(? as uuid) and event_type = 'order.paid' and body like ?""")
			.param(id)
			.param("%" + orderId + "%")
			.query(Integer.class)
			.single()).isZero();

		makeDue(placedDelivery);
		await().atMost(Duration.ofSeconds(20)).until(() -> ofSubject("order:" + orderId).size() == 3);
		assertThat(ofSubject("order:" + orderId)).extracting(m -> m.json().path("type").asString())
			.containsExactly("order.placed", "order.placed", "order.paid");
	}

	/**
	 * The messages about one subject (as the event log names it) that the receiver got,
	 * in arrival order.
	 */
	private List<Receiver.Received> ofSubject(String subject) {
		String id = subject.substring(subject.indexOf(':') + 1);
		return receiver.received().stream().filter(r -> {
			JsonNode data = r.json().path("data");
			return switch (subject.substring(0, subject.indexOf(':'))) {
				case "order" ->
					data.path("id").asString().equals(id) && r.json().path("type").asString().startsWith("order.");
				case "sku" -> data.path("sku").asString().equals(id);
				case "product" ->
					data.path("id").asString().equals(id) && r.json().path("type").asString().startsWith("product.");
				case "customer" -> data.path("id").asString().equals(id);
				case "payment" -> data.path("orderId").asString().equals(id);
				default -> false;
			};
		}).toList();
	}

}

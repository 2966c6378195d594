package io.bodega.live;

import java.util.Map;
import java.util.UUID;

import io.bodega.events.EventLog;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live streams' end-to-end tests: real SSE connections ({@link SseClient}) to the
 * shared test server, events caused through the public API with these helpers.
 */
abstract class LiveApiTest extends ApiTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Autowired
	EventLog log;

	static JsonNode data(SseClient.Message message) {
		return JSON.readTree(message.data());
	}

	static String bearer(String token) {
		return "Bearer " + token;
	}

	/** A signed-in customer's cart with one line of {@code sku}: its id. */
	String customerCart(String token, String sku, int quantity) {
		String cart = http().post("/api/v1/carts").bearer(token).send().json().path("id").asString();
		Http.Response added = http().post("/api/v1/carts/" + cart + "/items")
			.bearer(token)
			.json(Map.of("sku", sku, "quantity", quantity))
			.send();
		assertThat(added.status()).as(added.toString()).isEqualTo(200);
		return cart;
	}

	JsonNode customerOrder(String token, String cart) {
		Http.Response placed = http().post("/api/v1/orders")
			.bearer(token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS))
			.send();
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return placed.json();
	}

	void pay(String token, String orderId) {
		Http.Response paid = http().post("/api/v1/orders/" + orderId + "/payments")
			.bearer(token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
	}

	String productIdOf(String sku) {
		return jdbc.sql("select product_id::text from variants where sku = ?").param(sku).query(String.class).single();
	}

}

package io.bodega.testing;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * What the ordering and payments tests start from: an admin's token and a new SKU in
 * stock (10 units at the class's price, its product titled after the class), made afresh
 * for each test so no test sees another's stock or orders; and orders of it placed
 * ({@link #placeGuestOrder}), paid ({@link #pay}) and read ({@link #readOrder}) through
 * the public API by their token.
 */
public abstract class OrderTest extends ApiTest {

	/** The admin's token, signed in for this test. */
	protected String admin;

	/** A SKU of this test's own: 10 units in stock at {@link #price}. */
	protected String sku;

	private final String title;

	private final long price;

	protected OrderTest(String title, long price) {
		this.title = title;
		this.price = price;
	}

	@BeforeEach
	void adminAndSkuInStock() {
		admin = adminToken();
		sku = newProductSku(admin, title, price);
	}

	/**
	 * Pays an order by its token with a test card, under a new Idempotency-Key, and
	 * answers whatever came back.
	 */
	protected Http.Response pay(String orderId, String token, String card) {
		return pay(orderId, token, UUID.randomUUID().toString(), Map.of("method", "test_card", "cardNumber", card));
	}

	/** Pays an order by its token with this body, under this Idempotency-Key. */
	protected Http.Response pay(String orderId, String token, String idempotencyKey, Map<String, Object> body) {
		return http().post("/api/v1/orders/" + orderId + "/payments?token=" + token)
			.header("Idempotency-Key", idempotencyKey)
			.json(body)
			.send();
	}

	/** The order as its token holder reads it. */
	protected JsonNode readOrder(String orderId, String token) {
		return http().get("/api/v1/orders/" + orderId + "?token=" + token).send().json();
	}

	/** The order's payment attempts as its token holder reads them, oldest first. */
	protected JsonNode readPayments(String orderId, String token) {
		return http().get("/api/v1/orders/" + orderId + "/payments?token=" + token).send().json().path("items");
	}

}

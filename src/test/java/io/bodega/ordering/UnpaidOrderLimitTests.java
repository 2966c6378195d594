package io.bodega.ordering;

import java.util.Map;
import java.util.UUID;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A customer holds at most 2 unpaid orders at once on this server
 * (BODEGA_UNPAID_ORDER_LIMIT): stock is not hoarded.
 */
class UnpaidOrderLimitTests extends LockedDownApiTest {

	@Test
	void aCustomerWithTooManyUnpaidOrdersPaysOrCancelsOneFirst() {
		Http customer = httpFrom("127.0.0.81");
		String email = register(customer, uniqueEmail());
		String token = customer.post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send()
			.json()
			.path("token")
			.asString();
		String sku = newProductSku(adminToken(), "Kept", 1200);

		String first = order(customer, token, sku).json().path("id").asString();
		assertThat(order(customer, token, sku).status()).isEqualTo(201);
		Http.Response third = order(customer, token, sku);

		assertThat(third.status()).as(third.toString()).isEqualTo(429);
		assertThat(third.code()).isEqualTo("rate_limited");
		assertThat(third.header("Retry-After")).isPresent();
		assertThat(customer.post("/api/v1/orders/" + first + "/cancel").bearer(token).send().status()).isEqualTo(200);
		assertThat(order(customer, token, sku).status()).as("room again once one is cancelled").isEqualTo(201);
	}

	private static Http.Response order(Http customer, String token, String sku) {
		String cart = customer.post("/api/v1/carts").bearer(token).send().json().path("id").asString();
		customer.post("/api/v1/carts/" + cart + "/items").bearer(token).json(Map.of("sku", sku, "quantity", 1)).send();
		return customer.post("/api/v1/orders")
			.bearer(token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS))
			.send();
	}

}

package io.bodega.ordering;

import java.util.Map;
import java.util.UUID;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stock hoarding: guest checkouts reserve stock, so they are limited per client address
 * (3 an hour on this server) and per e-mail (2), across nodes. A refused checkout
 * reserves nothing and leaves the cart as it was.
 */
class GuestCheckoutLimitTests extends LockedDownApiTest {

	@Test
	void guestCheckoutsAreLimitedPerEmailAndPerAddress() {
		String sku = newProductSku(adminToken(), "Hoarded", 1500);
		Http guest = httpFrom("127.0.0.61");
		String hoarder = uniqueEmail();

		assertThat(checkout(guest, sku, hoarder).status()).isEqualTo(201);
		assertThat(checkout(guest, sku, hoarder.toUpperCase()).status()).isEqualTo(201);
		String cart = cartWith(guest, sku);
		Http.Response perEmail = checkoutCart(guest, cart, hoarder);

		assertThat(perEmail.status()).as(perEmail.toString()).isEqualTo(429);
		assertThat(perEmail.code()).isEqualTo("rate_limited");
		assertThat(perEmail.header("Retry-After")).isPresent();
		assertThat(guest.get("/api/v1/carts/" + cart).send().json().path("items").size()).as("the cart keeps its line")
			.isEqualTo(1);
		assertThat(reserved(sku)).as("two orders' worth, no more").isEqualTo(2);

		assertThat(checkout(guest, sku, uniqueEmail()).status()).isEqualTo(201);
		assertThat(checkout(guest, sku, uniqueEmail()).status()).as("the address's fourth guest checkout")
			.isEqualTo(429);
		assertThat(checkout(httpFrom("127.0.0.62"), sku, hoarder).status()).as("the e-mail's limit holds everywhere")
			.isEqualTo(429);
		assertThat(checkout(httpFrom("127.0.0.62"), sku, uniqueEmail()).status()).isEqualTo(201);
		assertThat(reserved(sku)).isEqualTo(4);
	}

	/** A guest checkout of a new cart holding one unit of {@code sku}. */
	private Http.Response checkout(Http client, String sku, String email) {
		return checkoutCart(client, cartWith(client, sku), email);
	}

	private Http.Response checkoutCart(Http client, String cart, String email) {
		return client.post("/api/v1/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "email", email, "shippingAddress", SHIPPING_ADDRESS))
			.send();
	}

	private static String cartWith(Http client, String sku) {
		String cart = client.post("/api/v1/carts").send().json().path("id").asString();
		client.post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		return cart;
	}

	private long reserved(String sku) {
		return jdbc.sql("select reserved from stock_items where sku = ?").param(sku).query(Long.class).single();
	}

}

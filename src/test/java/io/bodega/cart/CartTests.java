package io.bodega.cart;

import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.beans.factory.annotation.Autowired;

class CartTests extends ApiTest {

	@Autowired
	CartPurge purge;

	private String admin;

	private String sku;

	private String productId;

	@BeforeEach
	void product() {
		admin = adminToken();
		sku = uniqueSku();
		productId = createProduct(admin, productBody("Carted " + uniqueWord(), List.of(), 1999, sku)).path("id")
			.asString();
	}

	@Test
	void createsAnEmptyGuestCartWithASecretId() {
		Http.Response answer = http().post("/api/v1/carts").send();

		assertThat(answer.status()).isEqualTo(201);
		JsonNode cart = answer.json();
		assertThat(cart.path("id").asString()).matches("[A-Za-z0-9_-]{43}");
		assertThat(cart.path("items").size()).isZero();
		JsonNode totals = cart.path("totals");
		for (String part : List.of("subtotal", "shipping", "tax", "total")) {
			assertThat(totals.path(part).path("amount").asLong()).as(part).isZero();
			assertThat(totals.path(part).path("currency").asString()).isEqualTo("EUR");
		}
		assertThat(http().get("/api/v1/carts/" + cart.path("id").asString()).send().status()).isEqualTo(200);
	}

	@Test
	void addsToAnExistingLineAndTotalsItAtLivePrices() {
		String cart = newCart(null);

		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		Http.Response answer = http().post("/api/v1/carts/" + cart + "/items")
			.json(Map.of("sku", sku, "quantity", 2))
			.send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode line = answer.json().path("items").get(0);
		assertThat(answer.json().path("items").size()).isEqualTo(1);
		assertThat(line.path("sku").asString()).isEqualTo(sku);
		assertThat(line.path("quantity").asInt()).isEqualTo(3);
		assertThat(line.path("unitPrice").path("amount").asLong()).isEqualTo(1999);
		assertThat(line.path("lineTotal").path("amount").asLong()).isEqualTo(5997);
		assertThat(line.path("title").asString()).startsWith("Carted ");
		JsonNode totals = answer.json().path("totals");
		assertThat(totals.path("subtotal").path("amount").asLong()).isEqualTo(5997);
		assertThat(totals.path("shipping").path("amount").asLong()).as("free from 50.00").isZero();
		assertThat(totals.path("tax").path("amount").asLong()).isEqualTo(1139);
		assertThat(totals.path("total").path("amount").asLong()).isEqualTo(5997 + 1139);

		String variantId = http().get("/api/v1/admin/products/" + productId)
			.bearer(admin)
			.send()
			.json()
			.path("variants")
			.get(0)
			.path("id")
			.asString();
		http().patch("/api/v1/admin/products/" + productId + "/variants/" + variantId)
			.bearer(admin)
			.json(Map.of("price", Map.of("amount", 1000, "currency", "EUR")))
			.send();
		JsonNode repriced = http().get("/api/v1/carts/" + cart).send().json();
		assertThat(repriced.path("totals").path("subtotal").path("amount").asLong()).as("live prices").isEqualTo(3000);
		assertThat(repriced.path("totals").path("shipping").path("amount").asLong()).isEqualTo(495);
	}

	@Test
	void refusesMoreThanIsAvailableWith409NamingTheSku() {
		String cart = newCart(null);

		Http.Response answer = http().post("/api/v1/carts/" + cart + "/items")
			.json(Map.of("sku", sku, "quantity", 11))
			.send();

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.code()).isEqualTo("insufficient_stock");
		assertThat(answer.json().path("detail").asString()).contains(sku);
		assertThat(answer.json().path("shortages").get(0).path("available").asInt()).isEqualTo(10);
		assertThat(http().get("/api/v1/carts/" + cart).send().json().path("items").size()).isZero();
	}

	@Test
	void namesBadItemsAndQuantities() {
		String cart = newCart(null);

		assertThat(
				fields(http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 0)).send()))
			.containsExactly("quantity");
		assertThat(fields(
				http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 100)).send()))
			.containsExactly("quantity");
		assertThat(fields(
				http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", "NO-SUCH", "quantity", 1)).send()))
			.containsExactly("sku");
		assertThat(fields(http().post("/api/v1/carts/" + cart + "/items").json("{\"quantity\": 1.5}").send()))
			.containsExactly("quantity");
		assertThat(fields(http().post("/api/v1/carts/" + cart + "/items").json("{}").send()))
			.containsExactlyInAnyOrder("sku", "quantity");
		http().delete("/api/v1/admin/products/" + productId).bearer(admin).send();
		assertThat(
				fields(http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send()))
			.as("an archived product")
			.containsExactly("sku");
	}

	@Test
	void changesAndRemovesLines() {
		String cart = newCart(null);
		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 2)).send();

		Http.Response changed = http().patch("/api/v1/carts/" + cart + "/items/" + sku)
			.json(Map.of("quantity", 5))
			.send();
		assertThat(changed.json().path("items").get(0).path("quantity").asInt()).isEqualTo(5);
		assertThat(http().patch("/api/v1/carts/" + cart + "/items/" + sku).json(Map.of("quantity", 50)).send().status())
			.isEqualTo(409);
		Http.Response zero = http().patch("/api/v1/carts/" + cart + "/items/" + sku).json(Map.of("quantity", 0)).send();
		assertThat(zero.status()).isEqualTo(200);
		assertThat(zero.json().path("items").size()).isZero();
		assertThat(http().patch("/api/v1/carts/" + cart + "/items/" + sku).json(Map.of("quantity", 1)).send().status())
			.as("no such line")
			.isEqualTo(404);

		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		Http.Response removed = http().delete("/api/v1/carts/" + cart + "/items/" + sku).send();
		assertThat(removed.status()).isEqualTo(200);
		assertThat(removed.json().path("items").size()).isZero();
	}

	@Test
	void unknownCartsAndOtherCustomersCartsAreNotFound() {
		String owner = newCustomerToken();
		String cart = newCart(owner);
		String stranger = newCustomerToken();

		for (Http.Request request : List.of(http().get("/api/v1/carts/" + cart),
				http().get("/api/v1/carts/" + cart).bearer(stranger),
				http().post("/api/v1/carts/" + cart + "/items")
					.bearer(stranger)
					.json(Map.of("sku", sku, "quantity", 1)),
				http().get("/api/v1/carts/" + "A".repeat(43)), http().get("/api/v1/carts/nope"),
				http().post("/api/v1/carts/nope/items").json(Map.of("sku", sku, "quantity", 1)))) {
			Http.Response answer = request.send();
			assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
			assertThat(answer.code()).isEqualTo("not_found");
		}
		assertThat(http().get("/api/v1/carts/" + cart).bearer(owner).send().status()).isEqualTo(200);
	}

	@Test
	void aGuestCartMergesIntoTheCustomersCartAtSignIn() {
		String email = register(uniqueEmail());
		String customer = token(email, GOOD_PASSWORD);
		String own = newCart(customer);
		http().post("/api/v1/carts/" + own + "/items").bearer(customer).json(Map.of("sku", sku, "quantity", 2)).send();
		String otherSku = uniqueSku();
		createProduct(admin, productBody("Other " + uniqueWord(), List.of(), 500, otherSku));
		String guest = newCart(null);
		http().post("/api/v1/carts/" + guest + "/items").json(Map.of("sku", sku, "quantity", 3)).send();
		http().post("/api/v1/carts/" + guest + "/items").json(Map.of("sku", otherSku, "quantity", 1)).send();

		JsonNode login = http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "cartId", guest))
			.send()
			.json();

		JsonNode merged = http().get("/api/v1/carts/" + own).bearer(login.path("token").asString()).send().json();
		assertThat(merged.path("items").size()).isEqualTo(2);
		assertThat(merged.path("items").get(0).path("quantity").asInt()).isEqualTo(5);
		assertThat(http().get("/api/v1/carts/" + guest).send().status()).as("the guest cart is gone").isEqualTo(404);
	}

	@Test
	void aGuestCartBecomesTheCustomersWhenTheyHaveNoneAndCookiesWorkToo() {
		String email = register(uniqueEmail());
		String guest = newCart(null);
		http().post("/api/v1/carts/" + guest + "/items").json(Map.of("sku", sku, "quantity", 1)).send();

		Http.Response login = http().post("/api/v1/auth/login")
			.header("Cookie", "bodega_cart=" + guest)
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send();
		assertThat(login.status()).isEqualTo(200);

		String token = login.json().path("token").asString();
		assertThat(http().get("/api/v1/carts/" + guest).bearer(token).send().json().path("items").size()).isEqualTo(1);
		assertThat(http().get("/api/v1/carts/" + guest).send().status()).as("now bound to the customer").isEqualTo(404);
		assertThat(http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "cartId", "forged"))
			.send()
			.status()).as("a bad cart never fails a sign-in").isEqualTo(200);
	}

	@Test
	void aGuestsNewCartSetsItsCookieWithTheHostPrefixBehindHttpsAndSignInMergesIt() {
		String email = register(uniqueEmail());
		Http.Response overHttps = http().post("/api/v1/carts").header("X-Forwarded-Proto", "https").send();
		String guest = overHttps.json().path("id").asString();
		Http.Response overHttp = http().post("/api/v1/carts").send();

		assertThat(overHttps.header("Set-Cookie").orElseThrow()).startsWith("__Host-bodega_cart=" + guest + ";")
			.contains("Secure")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.contains("Path=/");
		assertThat(overHttp.header("Set-Cookie").orElseThrow())
			.startsWith("bodega_cart=" + overHttp.json().path("id").asString() + ";")
			.doesNotContain("Secure");
		String token = token(email, GOOD_PASSWORD);
		assertThat(http().post("/api/v1/carts").bearer(token).send().header("Set-Cookie"))
			.as("a customer's cart is bound to them, not to a cookie")
			.isEmpty();

		http().post("/api/v1/carts/" + guest + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		Http.Response login = http().post("/api/v1/auth/login")
			.header("X-Forwarded-Proto", "https")
			.header("Cookie", "__Host-bodega_cart=" + guest)
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send();
		assertThat(login.status()).isEqualTo(200);
		assertThat(http().get("/api/v1/carts/" + guest).send().status()).as("merged into the customer's cart")
			.isEqualTo(404);
	}

	@Test
	void aMergeAtSignInKeepsTheLineLimit() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		String own = newCart(token);
		String guest = newCart(null);
		// Lines put straight into the tables: 99 in the customer's cart, and the guest's
		// three (one SKU both hold).
		jdbc.sql("""
				insert into cart_lines (cart_id, sku, quantity, added_at)
				select ?, 'MERGE-' || n, 1, now() - make_interval(secs => 1000 - n) from generate_series(1, 99) n""")
			.param(own)
			.update();
		jdbc.sql(
				"""
						insert into cart_lines (cart_id, sku, quantity, added_at)
						values (?, 'MERGE-1', 2, now() - interval '3 minutes'), (?, 'MERGE-NEW-A', 1, now() - interval '2 minutes'),
						       (?, 'MERGE-NEW-B', 1, now() - interval '1 minute')""")
			.params(guest, guest, guest)
			.update();

		assertThat(http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "cartId", guest))
			.send()
			.status()).isEqualTo(200);

		assertThat(jdbc.sql("select count(*) from cart_lines where cart_id = ?").param(own).query(Long.class).single())
			.isEqualTo(Carts.MAX_LINES);
		assertThat(jdbc
			.sql("select sku || ':' || quantity from cart_lines where cart_id = ? and sku in "
					+ "('MERGE-1', 'MERGE-NEW-A', 'MERGE-NEW-B') order by sku")
			.param(own)
			.query(String.class)
			.list()).as("the shared SKU merged, then the earliest new line while there was room")
			.containsExactly("MERGE-1:3", "MERGE-NEW-A:1");
	}

	@Test
	void cartsUntouchedForTheIdleTimeArePurgedByEveryNodeSafely() throws Exception {
		String fresh = newCart(null);
		http().post("/api/v1/carts/" + fresh + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		String old = newCart(null);
		http().post("/api/v1/carts/" + old + "/items").json(Map.of("sku", sku, "quantity", 1)).send();
		jdbc.sql("update carts set updated_at = now() - interval '31 days' where id = ?").param(old).update();
		jdbc.sql(
				"""
						insert into carts (id, updated_at)
						select translate(encode(sha256(('idle-cart-' || n || '-' || gen_random_uuid())::bytea), 'base64'), '+/=', '-_'),
						       now() - interval '40 days'
						from generate_series(1, 2500) n""")
			.update();
		long idle = jdbc.sql("select count(*) from carts where updated_at < now() - interval '30 days'")
			.query(Long.class)
			.single();

		List<Future<Integer>> nodes = new ArrayList<>();
		try (var pool = Executors.newFixedThreadPool(2)) {
			nodes.add(pool.submit(purge::purge));
			nodes.add(pool.submit(purge::purge));
		}

		// At most all of them between the two (the scheduled purge may have run
		// meanwhile), each once, none failing.
		assertThat(nodes.get(0).get() + nodes.get(1).get()).isLessThanOrEqualTo((int) idle);
		assertThat(jdbc.sql("select count(*) from carts where updated_at < now() - interval '30 days'")
			.query(Long.class)
			.single()).isZero();
		assertThat(http().get("/api/v1/carts/" + old).send().status()).isEqualTo(404);
		assertThat(jdbc.sql("select count(*) from cart_lines where cart_id = ?").param(old).query(Long.class).single())
			.isZero();
		assertThat(http().get("/api/v1/carts/" + fresh).send().json().path("items").size()).isEqualTo(1);
	}

	private String newCart(String token) {
		Http.Request request = http().post("/api/v1/carts");
		if (token != null) {
			request.bearer(token);
		}
		Http.Response answer = request.send();
		assertThat(answer.status()).isEqualTo(201);
		return answer.json().path("id").asString();
	}

}

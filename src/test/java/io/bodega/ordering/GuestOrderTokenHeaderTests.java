package io.bodega.ordering;

import java.util.Map;
import java.util.UUID;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A guest's order token in the Order-Token header, kept out of URLs (which balancers and
 * proxies log), on every route that takes it: reading, cancelling and paying an order,
 * and listing its payments. A wrong header is the same 404 as a wrong ?token=, and a
 * header and a query that disagree are a 400 naming token.
 */
class GuestOrderTokenHeaderTests extends ApiTest {

	private JsonNode guestOrder(String name) {
		return placeGuestOrder(newProductSku(adminToken(), name, 900), 1, uniqueEmail());
	}

	private static String path(JsonNode order, String rest) {
		return "/api/v1/orders/" + order.path("id").asString() + rest;
	}

	private Http.Response pay(JsonNode order, String headerToken) {
		return http().post(path(order, "/payments"))
			.header("Order-Token", headerToken)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
	}

	private static void assertSameNotFound(Http.Response header, Http.Response query) {
		assertThat(header.status()).as(header.toString()).isEqualTo(404);
		assertThat(header.code()).isEqualTo("not_found");
		assertThat(header.json().path("detail")).as("the same answer as a wrong ?token=")
			.isEqualTo(query.json().path("detail"));
	}

	@Test
	void readsAGuestsOrderWithTheTokenInTheHeader() {
		JsonNode order = guestOrder("Header read");
		Http.Response read = http().get(path(order, ""))
			.header("Order-Token", order.path("orderToken").asString())
			.send();
		assertThat(read.status()).as(read.toString()).isEqualTo(200);
		assertThat(read.json().path("id").asString()).isEqualTo(order.path("id").asString());

		assertSameNotFound(http().get(path(order, "")).header("Order-Token", "wrong-token").send(),
				http().get(path(order, "?token=wrong-token")).send());
	}

	@Test
	void paysAndListsPaymentsWithTheTokenInTheHeader() {
		JsonNode order = guestOrder("Header pay");
		String token = order.path("orderToken").asString();

		assertSameNotFound(pay(order, "wrong-token"),
				http().post(path(order, "/payments?token=wrong-token"))
					.header("Idempotency-Key", UUID.randomUUID().toString())
					.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
					.send());
		Http.Response paid = pay(order, token);
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		assertThat(paid.json().path("status").asString()).isEqualTo("succeeded");

		Http.Response listed = http().get(path(order, "/payments")).header("Order-Token", token).send();
		assertThat(listed.status()).as(listed.toString()).isEqualTo(200);
		assertThat(listed.json().path("items")).hasSize(1);
		assertSameNotFound(http().get(path(order, "/payments")).header("Order-Token", "wrong-token").send(),
				http().get(path(order, "/payments?token=wrong-token")).send());
	}

	@Test
	void cancelsAGuestsOrderWithTheTokenInTheHeader() {
		JsonNode order = guestOrder("Header cancel");
		assertSameNotFound(http().post(path(order, "/cancel")).header("Order-Token", "wrong-token").send(),
				http().post(path(order, "/cancel?token=wrong-token")).send());

		Http.Response cancelled = http().post(path(order, "/cancel"))
			.header("Order-Token", order.path("orderToken").asString())
			.send();
		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
	}

	@Test
	void refusesAHeaderAndAQueryTokenThatDisagree() {
		JsonNode order = guestOrder("Two tokens");
		String token = order.path("orderToken").asString();

		Http.Response both = http().get(path(order, "?token=" + token)).header("Order-Token", "another-token").send();
		assertThat(both.status()).as(both.toString()).isEqualTo(400);
		assertThat(both.code()).isEqualTo("validation_failed");
		assertThat(both.json().path("errors").get(0).path("field").asString()).isEqualTo("token");

		Http.Response cancel = http().post(path(order, "/cancel?token=another-token"))
			.header("Order-Token", token)
			.send();
		assertThat(cancel.status()).as("nothing is done").isEqualTo(400);
		Http.Response same = http().get(path(order, "?token=" + token)).header("Order-Token", token).send();
		assertThat(same.status()).as("the same token twice is fine").isEqualTo(200);
		assertThat(same.json().path("status").asString()).isEqualTo("pending_payment");
	}

}

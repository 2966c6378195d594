package io.bodega.payments;

import java.util.Map;
import java.util.UUID;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Card testing: declined payments are limited per order (2 an hour on this server) and
 * per client address (3), so nobody can try card numbers against an order at will. A
 * refused attempt charges nothing; a payment that goes through does not count.
 */
class DeclineLimitTests extends LockedDownApiTest {

	@Test
	void declinedPaymentsAreLimitedPerOrderAndPerAddress() {
		Http tester = httpFrom("127.0.0.71");
		String sku = newProductSku(adminToken(), "Tested", 2000);
		JsonNode first = placeGuestOrder(tester, sku, 1, uniqueEmail());
		JsonNode second = placeGuestOrder(tester, sku, 1, uniqueEmail());

		assertThat(pay(tester, first, CountingCardGateway.DECLINED).json().path("status").asString())
			.isEqualTo("failed");
		assertThat(pay(tester, first, CountingCardGateway.DECLINED).json().path("status").asString())
			.isEqualTo("failed");
		int charges = CountingCardGateway.CHARGES.get();
		Http.Response perOrder = pay(tester, first, "4242424242424242");

		assertThat(perOrder.status()).as(perOrder.toString()).isEqualTo(429);
		assertThat(perOrder.code()).isEqualTo("rate_limited");
		assertThat(perOrder.header("Retry-After")).isPresent();
		assertThat(CountingCardGateway.CHARGES.get()).as("nothing charged").isEqualTo(charges);
		assertThat(payments(first)).hasSize(2);

		assertThat(pay(tester, second, CountingCardGateway.DECLINED).json().path("status").asString())
			.isEqualTo("failed");
		Http.Response perAddress = pay(tester, second, "4242424242424242");
		assertThat(perAddress.status()).as("the address's third decline was its last").isEqualTo(429);

		Http.Response elsewhere = pay(httpFrom("127.0.0.72"), second, "4242424242424242");
		assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(201);
		assertThat(elsewhere.json().path("status").asString()).isEqualTo("succeeded");
	}

	@Test
	void aPaymentThatGoesThroughIsNoDecline() {
		Http buyer = httpFrom("127.0.0.73");
		String sku = newProductSku(adminToken(), "Bought", 2000);
		for (int i = 0; i < 3; i++) {
			JsonNode order = placeGuestOrder(buyer, sku, 1, uniqueEmail());
			assertThat(pay(buyer, order, "4242424242424242").json().path("status").asString()).isEqualTo("succeeded");
		}

		assertThat(jdbc.sql("select count(*) from rate_limit_claims where kind like 'payment-decline%'")
			.query(Long.class)
			.single()).isZero();
	}

	private static Http.Response pay(Http client, JsonNode order, String card) {
		return client
			.post("/api/v1/orders/" + order.path("id").asString() + "/payments?token="
					+ order.path("orderToken").asString())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "counting_card", "cardNumber", card))
			.send();
	}

	private JsonNode payments(JsonNode order) {
		return http()
			.get("/api/v1/orders/" + order.path("id").asString() + "/payments?token="
					+ order.path("orderToken").asString())
			.send()
			.json()
			.path("items");
	}

}

package io.bodega.payments.testcard;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.payments.PaymentGateway;
import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.scheduling.config.ScheduledTaskHolder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With BODEGA_TEST_PAYMENTS=false (the default with an external database), nothing of the
 * test card exists.
 */
class TestPaymentsOffTests extends LockedDownApiTest {

	@Autowired
	ApplicationContext context;

	@Test
	void theTestCardIsRefusedNamingTheMethodAndTheOrderStaysUnpaid() {
		Http shopper = httpFrom("127.0.0.21");
		String sku = newProductSku(adminToken(), "Unpaid", 2500);
		JsonNode order = placeGuestOrder(shopper, sku, 1, uniqueEmail());
		String path = "/api/v1/orders/" + order.path("id").asString();
		String token = "?token=" + order.path("orderToken").asString();

		Http.Response answer = shopper.post(path + "/payments" + token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();

		assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("method");
		assertThat(shopper.get(path + token).send().json().path("status").asString()).isEqualTo("pending_payment");
		assertThat(jdbc.sql("select count(*) from payments where order_id = ?::uuid")
			.param(order.path("id").asString())
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void itsWebhookRouteDoesNotExist() {
		byte[] event = SignedWebhooks.succeeded("evt_x", "tc_x");

		Http.Response answer = SignedWebhooks.send(httpFrom("127.0.0.22"), event, "t=1,v1=00");

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.code()).isEqualTo("not_found");
		assertThat(http().get("/v3/api-docs").send().text()).doesNotContain("/api/v1/payments/webhooks/test_card");
	}

	@Test
	void neitherItsGatewayNorItsSimulatedProviderExistsOrIsScheduled() {
		assertThat(context.getBeansOfType(PaymentGateway.class).values()).extracting(PaymentGateway::method)
			.doesNotContain("test_card");
		assertThat(context.getBeansOfType(TestCardGateway.class)).isEmpty();
		assertThat(context.getBeansOfType(TestCardProvider.class)).isEmpty();
		assertThat(context.getBeansOfType(TestCardWebhooks.class)).isEmpty();
		List<String> scheduled = context.getBeansOfType(ScheduledTaskHolder.class)
			.values()
			.stream()
			.flatMap(holder -> holder.getScheduledTasks().stream())
			.map(task -> task.getTask().getRunnable().toString())
			.toList();
		assertThat(scheduled).isNotEmpty().noneMatch(task -> task.contains("TestCard"));
	}

}

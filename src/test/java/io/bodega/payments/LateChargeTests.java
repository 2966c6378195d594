package io.bodega.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.bodega.payments.testcard.SignedWebhooks;
import io.bodega.shared.keys.SecretKeys;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A charge the provider reports as succeeded after Bodega recorded its payment as failed
 * is never dropped: it pays the order when the order still needs it, and is refunded at
 * once when it does not.
 */
class LateChargeTests extends OrderTest {

	@Autowired
	SecretKeys keys;

	private String orderId;

	private String token;

	private long total;

	LateChargeTests() {
		super("Late", 3000);
	}

	@BeforeEach
	void placeOrder() {
		JsonNode order = placeGuestOrder(sku, 1, "late@example.com");
		orderId = order.path("id").asString();
		token = order.path("orderToken").asString();
		total = order.path("totals").path("total").path("amount").asLong();
	}

	@Test
	void aChargeDeclinedFirstThatTheProviderLaterReportsSucceededPaysTheOrder() {
		JsonNode declined = pay("4000000000000002").json();
		assertThat(declined.path("status").asString()).isEqualTo("failed");

		Http.Response answer = succeededLater(reference(declined));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(order().path("status").asString()).isEqualTo("paid");
		JsonNode payment = payments().get(0);
		assertThat(payment.path("status").asString()).isEqualTo("succeeded");
		assertThat(payment.path("failureReason").isNull()).isTrue();
		assertThat(payment.path("refund").isNull()).isTrue();
	}

	@Test
	void aLateSuccessForAnOrderPaidMeanwhileIsRecordedAndRefunded() {
		JsonNode declined = pay("4000000000000002").json();
		assertThat(pay("4242424242424242").json().path("status").asString()).isEqualTo("succeeded");

		Http.Response answer = succeededLater(reference(declined));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(order().path("status").asString()).isEqualTo("paid");
		JsonNode attempts = payments();
		assertThat(attempts.get(0).path("id").asString()).isEqualTo(declined.path("id").asString());
		assertThat(attempts.get(0).path("status").asString()).isEqualTo("refunded");
		assertThat(attempts.get(0).path("refund").path("reason").asString()).isEqualTo("duplicate_charge");
		assertThat(attempts.get(0).path("refund").path("amount").path("amount").asLong()).isEqualTo(total);
		assertThat(attempts.get(1).path("status").asString()).isEqualTo("succeeded");
		assertThat(jdbc
			.sql("select count(*) from refunds r join payments p on p.id = r.payment_id where p.order_id = ?::uuid")
			.param(orderId)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void aLateSuccessForACancelledOrderIsRefunded() {
		JsonNode declined = pay("4000000000000002").json();
		assertThat(http().post("/api/v1/orders/" + orderId + "/cancel?token=" + token).send().status()).isEqualTo(200);

		Http.Response answer = succeededLater(reference(declined));

		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		assertThat(order().path("status").asString()).isEqualTo("cancelled");
		JsonNode payment = payments().get(0);
		assertThat(payment.path("status").asString()).isEqualTo("refunded");
		assertThat(payment.path("refund").path("reason").asString()).isEqualTo("order_not_payable");
	}

	@Test
	void aChargeReconciliationGaveUpOnThatLandsLaterPaysTheOrder() {
		// As reconciliation leaves a payment whose provider had not heard of its charge
		// after 10 minutes; then the
		// provider's charge goes through after all and it calls back, naming Bodega's
		// payment id.
		UUID payment = UUID.randomUUID();
		String reference = "tc_late_" + UUID.randomUUID().toString().substring(0, 12);
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref, failure_reason,
				                      created_at, updated_at)
				values (?, ?::uuid, 'test_card', 'failed', ?, 'EUR', ?, 'not_charged', now() - interval '11 minutes',
				        now())""").params(payment, orderId, total, "claim:" + payment).update();
		jdbc.sql("""
				insert into test_card_charges (payment_id, reference, status, amount, currency, webhook_due)
				values (?, ?, 'succeeded', ?, 'EUR', true)""").params(payment, reference, total).update();

		await().atMost(Duration.ofSeconds(15)).until(() -> order().path("status").asString().equals("paid"));
		assertThat(jdbc.sql("select status || ' ' || provider_ref from payments where id = ?")
			.param(payment)
			.query(String.class)
			.single()).isEqualTo("succeeded " + reference);
	}

	@Test
	void aLateSuccessWaitsWhileAnotherPaymentOfTheOrderIsPending() {
		JsonNode declined = pay("4000000000000002").json();
		UUID pending = UUID.randomUUID();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref)
				values (?, ?::uuid, 'test_card', 'pending', ?, 'EUR', ?)""")
			.params(pending, orderId, total, "tc_pending_" + pending)
			.update();

		Http.Response early = succeededLater(reference(declined));

		assertThat(early.status()).as("whether the order needs it depends on the pending one").isEqualTo(409);
		assertThat(early.code()).isEqualTo("payment_pending");
		assertThat(payments().get(0).path("status").asString()).isEqualTo("failed");
		// The pending one is declined after all; the provider sends its news again, and
		// now it pays the order.
		jdbc.sql("update payments set status = 'failed', failure_reason = 'card_declined' where id = ?")
			.param(pending)
			.update();
		assertThat(succeededLater(reference(declined)).status()).isEqualTo(200);
		assertThat(order().path("status").asString()).isEqualTo("paid");
	}

	@Test
	void reconciliationAsksAgainAboutAChargeItGaveUpOnAndALateSuccessPaysTheOrderWithoutAWebhook() {
		UUID payment = UUID.randomUUID();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref, failure_reason,
				                      created_at, updated_at)
				values (?, ?::uuid, 'test_card', 'failed', ?, 'EUR', ?, 'not_charged', now() - interval '11 minutes',
				        now() - interval '1 minute')""").params(payment, orderId, total, "claim:" + payment).update();
		// The provider took the money, and its webhook is lost.
		jdbc.sql("""
				insert into test_card_charges (payment_id, reference, status, amount, currency, webhook_due)
				values (?, ?, 'succeeded', ?, 'EUR', false)""")
			.params(payment, "tc_lost_" + payment.toString().substring(0, 8), total)
			.update();

		await().atMost(Duration.ofSeconds(15)).until(() -> order().path("status").asString().equals("paid"));
		assertThat(jdbc.sql("select status from payments where id = ?").param(payment).query(String.class).single())
			.isEqualTo("succeeded");
	}

	@Test
	void reconciliationFailsAPendingPaymentItsProviderNeverReceivedAndTellsTheOrder() {
		// As a node leaves a payment that died before its charge reached the provider:
		// recorded pending 11 minutes ago, and the provider has no charge for it.
		UUID payment = UUID.randomUUID();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref, created_at,
				                      updated_at)
				values (?, ?::uuid, 'test_card', 'pending', ?, 'EUR', ?, now() - interval '11 minutes',
				        now() - interval '1 minute')""").params(payment, orderId, total, "claim:" + payment).update();

		await().atMost(Duration.ofSeconds(15))
			.until(() -> jdbc.sql("select status from payments where id = ?")
				.param(payment)
				.query(String.class)
				.single()
				.equals("failed"));

		assertThat(jdbc.sql("select failure_reason || ' ' || provider_ref from payments where id = ?")
			.param(payment)
			.query(String.class)
			.single()).as("its claim stays its reference").isEqualTo("not_charged claim:" + payment);
		assertThat(order().path("status").asString()).as("the order still awaits payment").isEqualTo("pending_payment");
		assertThat(jdbc.sql("select reason from order_timeline where order_id = ?::uuid and kind = 'payment_failed'")
			.param(orderId)
			.query(String.class)
			.list()).containsExactly("not_charged");
		assertThat(jdbc.sql("select data ->> 'reason' from event_log where type = 'payment.failed' and subject = ?")
			.param("payment:" + payment)
			.query(String.class)
			.list()).containsExactly("not_charged");
	}

	private Http.Response pay(String card) {
		return pay(orderId, token, card);
	}

	private String reference(JsonNode payment) {
		return jdbc.sql("select provider_ref from payments where id = ?::uuid")
			.param(payment.path("id").asString())
			.query(String.class)
			.single();
	}

	private Http.Response succeededLater(String reference) {
		byte[] event = SignedWebhooks.succeeded("evt_late_" + reference, reference);
		return SignedWebhooks.send(http(), event,
				SignedWebhooks.signature(keys, event, Instant.now().getEpochSecond()));
	}

	private JsonNode order() {
		return readOrder(orderId, token);
	}

	private JsonNode payments() {
		return readPayments(orderId, token);
	}

}

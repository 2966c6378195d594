package io.bodega.payments;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

import io.bodega.ordering.OrderEvents;
import io.bodega.payments.testcard.SignedWebhooks;
import io.bodega.shared.Money;
import io.bodega.shared.keys.SecretKeys;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.awaitility.core.ConditionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Money going back: on cancel, on an admin refund, on a payment that succeeds too late;
 * once, and visibly.
 */
class RefundTests extends OrderTest {

	private static final Duration PATIENCE = Duration.ofSeconds(15);

	@Autowired
	SecretKeys keys;

	@Autowired
	Refunds refunds;

	@Autowired
	ApplicationEventPublisher events;

	@Autowired
	TransactionTemplate tx;

	private String customer;

	RefundTests() {
		super("Refundable", 2500);
	}

	@BeforeEach
	void customer() {
		customer = newCustomerToken();
	}

	@Test
	void cancellingAPaidOrderRefundsItsPaymentInFull() {
		JsonNode order = place(customer, 2);
		String id = order.path("id").asString();
		assertThat(pay(id, customer, "test_card", "4000000000000002").json().path("status").asString())
			.isEqualTo("failed");
		assertThat(pay(id, customer, "test_card", "4242424242424242").json().path("status").asString())
			.isEqualTo("succeeded");

		assertThat(http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send().status()).isEqualTo(200);

		JsonNode attempts = awaitPayments(id, customer,
				list -> list.get(1).path("status").asString().equals("refunded"));
		assertThat(attempts.size()).isEqualTo(2);
		assertThat(attempts.get(0).path("status").asString()).as("oldest first").isEqualTo("failed");
		assertThat(attempts.get(0).path("failureReason").asString()).isEqualTo("card_declined");
		assertThat(attempts.get(0).path("refund").isNull()).isTrue();
		JsonNode refunded = attempts.get(1);
		assertThat(refunded.path("method").asString()).isEqualTo("test_card");
		assertThat(refunded.path("cardLast4").asString()).isEqualTo("4242");
		assertThat(refunded.path("amount")).isEqualTo(order.path("totals").path("total"));
		assertThat(refunded.path("refund").path("amount")).as("the whole amount").isEqualTo(refunded.path("amount"));
		assertThat(refunded.path("refund").path("reason").asString()).isEqualTo("order_cancelled");
		assertThat(refunded.path("refund").path("createdAt").asString()).isNotBlank();
		assertThat(http().get("/api/v1/orders/" + id).bearer(customer).send().json().path("status").asString())
			.isEqualTo("cancelled");
	}

	@Test
	void anAdminRefundOfAShippedOrderRefundsItsPayment() {
		String id = place(customer, 1).path("id").asString();
		pay(id, customer, "test_card", "4242424242424242");
		assertThat(http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "JD0042"))
			.send()
			.status()).isEqualTo(200);

		assertThat(http().post("/api/v1/admin/orders/" + id + "/refund")
			.bearer(admin)
			.send()
			.json()
			.path("status")
			.asString()).isEqualTo("refunded");

		JsonNode attempts = awaitPayments(id, customer,
				list -> list.get(0).path("status").asString().equals("refunded"));
		assertThat(attempts.get(0).path("refund").path("reason").asString()).isEqualTo("order_refunded");
		Http.Response forAdmins = http().get("/api/v1/admin/orders/" + id + "/payments").bearer(admin).send();
		assertThat(forAdmins.status()).isEqualTo(200);
		assertThat(forAdmins.json().path("items")).as("admins see the same list").isEqualTo(attempts);
	}

	@Test
	void cancellingAnUnpaidOrderRefundsNothing() throws Exception {
		String id = place(customer, 1).path("id").asString();
		pay(id, customer, "test_card", "4000000000000002");

		http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send();

		awaitHandled(id, "OrderCancelled", 1);
		JsonNode attempts = payments(id, customer).json().path("items");
		assertThat(attempts.size()).isEqualTo(1);
		assertThat(attempts.get(0).path("status").asString()).isEqualTo("failed");
		assertThat(attempts.get(0).path("refund").isNull()).isTrue();
		assertThat(refundsOf(id)).isZero();
	}

	@Test
	void aPaymentThatSucceedsAfterItsOrderWasCancelledIsRefundedAtOnce() {
		JsonNode order = place(null, 1);
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		String reference = "late_" + UUID.randomUUID();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref, card_last4)
				values (gen_random_uuid(), ?::uuid, 'test_card', 'pending', ?, 'EUR', ?, '3220')""")
			.params(id, order.path("totals").path("total").path("amount").asLong(), reference)
			.update();
		assertThat(http().post("/api/v1/orders/" + id + "/cancel?token=" + token).send().status()).isEqualTo(200);

		byte[] event = SignedWebhooks.succeeded("evt_" + reference, reference);
		Http.Response answer = SignedWebhooks.send(http(), event,
				SignedWebhooks.signature(keys, event, Instant.now().getEpochSecond()));

		assertThat(answer.status()).isEqualTo(200);
		JsonNode payment = http().get("/api/v1/orders/" + id + "/payments?token=" + token)
			.send()
			.json()
			.path("items")
			.get(0);
		assertThat(payment.path("status").asString()).as("recorded, not lost: in the webhook's transaction")
			.isEqualTo("refunded");
		assertThat(payment.path("failureReason").isNull()).isTrue();
		assertThat(payment.path("refund").path("reason").asString()).isEqualTo("order_not_payable");
		assertThat(payment.path("refund").path("amount")).isEqualTo(payment.path("amount"));
		assertThat(http().get("/api/v1/orders/" + id + "?token=" + token).send().json().path("status").asString())
			.isEqualTo("cancelled");
	}

	@Test
	void aPendingPaymentOfACancelledOrderEndsRefundedWhenItsProviderCallsBack() {
		JsonNode order = place(null, 1);
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		assertThat(http().post("/api/v1/orders/" + id + "/payments?token=" + token)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4000000000003220"))
			.send()
			.json()
			.path("status")
			.asString()).isEqualTo("pending");

		http().post("/api/v1/orders/" + id + "/cancel?token=" + token).send();

		// Whether the provider's webhook or the cancellation came first, the money ends
		// up back.
		JsonNode payment = patiently().until(() -> http().get("/api/v1/orders/" + id + "/payments?token=" + token)
			.send()
			.json()
			.path("items")
			.get(0), first -> first != null && first.path("status").asString().equals("refunded"));
		assertThat(payment.path("status").asString()).isEqualTo("refunded");
		assertThat(payment.path("refund").path("reason").asString()).isIn("order_not_payable", "order_cancelled");
		assertThat(http().get("/api/v1/orders/" + id + "?token=" + token).send().json().path("status").asString())
			.isEqualTo("cancelled");
	}

	@Test
	void anOrderCancelledWhileItsCardIsChargedEndsCancelledWithTheChargeRefunded() throws Exception {
		JsonNode order = place(customer, 1);
		String id = order.path("id").asString();
		int before = CountingCardGateway.CHARGES.get();
		CountingCardGateway.HOLD.set(true);
		try (ExecutorService pool = Executors.newSingleThreadExecutor()) {
			Future<Http.Response> payment = pool.submit(() -> pay(id, customer, "counting_card", "4242424242424242"));
			CountingCardGateway.awaitHeld();

			Http.Response cancel = http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send();
			assertThat(cancel.status()).as("the order is not locked while the card is charged: " + cancel)
				.isEqualTo(200);
			CountingCardGateway.release();

			JsonNode answer = payment.get().json();
			assertThat(answer.path("status").asString()).as("charged, then refunded").isEqualTo("refunded");
			assertThat(answer.path("refund").path("reason").asString()).isEqualTo("order_not_payable");
		}
		finally {
			CountingCardGateway.resetHold();
		}

		awaitHandled(id, "OrderCancelled", 1);
		assertThat(http().get("/api/v1/orders/" + id).bearer(customer).send().json().path("status").asString())
			.isEqualTo("cancelled");
		String charge = jdbc.sql("select provider_ref from payments where order_id = ?::uuid")
			.param(id)
			.query(String.class)
			.single();
		assertThat(CountingCardGateway.CHARGES.get() - before).as("one charge").isEqualTo(1);
		assertThat(CountingCardGateway.refunds(charge)).as("one refund asked of the gateway").isEqualTo(1);
		assertThat(refundsOf(id)).isEqualTo(1);
	}

	@Test
	void aChargeWhoseOutcomeWasLostIsRefundedByReconciliationOnceItsOrderIsCancelled() {
		JsonNode order = place(customer, 1);
		String id = order.path("id").asString();
		int before = CountingCardGateway.CHARGES.get();
		FailingOrderPaid.ORDERS.add(UUID.fromString(id));
		try {
			Http.Response failed = http().post("/api/v1/orders/" + id + "/payments")
				.bearer(customer)
				.header("Idempotency-Key", UUID.randomUUID().toString())
				.json(Map.of("method", "counting_card", "cardNumber", "4242424242424242"))
				.send();
			assertThat(failed.status()).as(failed.toString()).isEqualTo(500);

			assertThat(http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send().status()).isEqualTo(200);

			JsonNode attempts = awaitPayments(id, customer,
					list -> list.get(0).path("status").asString().equals("refunded"));
			assertThat(attempts.size()).isEqualTo(1);
			assertThat(attempts.get(0).path("refund").path("reason").asString()).isEqualTo("order_not_payable");
			assertThat(attempts.get(0).path("refund").path("amount")).isEqualTo(order.path("totals").path("total"));
		}
		finally {
			FailingOrderPaid.ORDERS.remove(UUID.fromString(id));
		}
		String charge = jdbc.sql("select provider_ref from payments where order_id = ?::uuid")
			.param(id)
			.query(String.class)
			.single();
		assertThat(CountingCardGateway.CHARGES.get() - before).as("one charge").isEqualTo(1);
		assertThat(CountingCardGateway.refunds(charge)).as("one refund").isEqualTo(1);
		assertThat(http().get("/api/v1/orders/" + id).bearer(customer).send().json().path("status").asString())
			.isEqualTo("cancelled");
	}

	@Test
	void aSecondDeliveryOfTheEventRefundsNothingMore() throws Exception {
		JsonNode order = place(customer, 1);
		String id = order.path("id").asString();
		pay(id, customer, "counting_card", "4242424242424242");
		String charge = chargeOf(id);
		http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send();
		awaitPayments(id, customer, list -> list.get(0).path("status").asString().equals("refunded"));

		tx.executeWithoutResult(status -> events.publishEvent(new OrderEvents.OrderCancelled(UUID.fromString(id),
				order.path("number").asString(), false, null, order.path("email").asString(),
				Money.of(order.path("totals").path("total").path("amount").asLong(),
						order.path("totals").path("total").path("currency").asString()))));

		awaitHandled(id, "OrderCancelled", 2);
		assertThat(CountingCardGateway.refunds(charge)).as("one refund asked of the gateway").isEqualTo(1);
		assertThat(refundsOf(id)).isEqualTo(1);
	}

	@Test
	void refundsRacingForOnePaymentGiveTheMoneyBackOnce() throws Exception {
		String id = place(customer, 1).path("id").asString();
		pay(id, customer, "counting_card", "4242424242424242");
		String charge = chargeOf(id);

		CountDownLatch start = new CountDownLatch(1);
		List<Future<?>> deliveries = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
			for (int i = 0; i < 6; i++) {
				deliveries.add(pool.submit(() -> {
					start.await();
					refunds.refundOrder(UUID.fromString(id), "order_cancelled");
					return null;
				}));
			}
			start.countDown();
			for (Future<?> delivery : deliveries) {
				delivery.get();
			}
		}

		assertThat(CountingCardGateway.refunds(charge)).isEqualTo(1);
		assertThat(refundsOf(id)).isEqualTo(1);
	}

	@Test
	void aRefundTheGatewayRefusesStaysOwedAndIsTriedAgainUntilItIsDone() {
		String id = place(customer, 1).path("id").asString();
		pay(id, customer, "counting_card", "4242424242424242");
		String charge = chargeOf(id);
		CountingCardGateway.FAILING_REFUNDS.add(charge);
		try {
			http().post("/api/v1/orders/" + id + "/cancel").bearer(customer).send();

			awaitFailed(id);
			assertThat(CountingCardGateway.refunds(charge)).isPositive();
			assertThat(payments(id, customer).json().path("items").get(0).path("status").asString())
				.as("nothing recorded as refunded that was not")
				.isEqualTo("succeeded");
			assertThat(refundsOf(id)).isZero();
			assertThat(http().get("/api/v1/orders/" + id).bearer(customer).send().json().path("status").asString())
				.as("the cancellation stands")
				.isEqualTo("cancelled");
		}
		finally {
			CountingCardGateway.FAILING_REFUNDS.remove(charge);
		}

		JsonNode attempts = awaitPayments(id, customer,
				list -> list.get(0).path("status").asString().equals("refunded"));
		assertThat(attempts.get(0).path("refund").path("reason").asString()).isEqualTo("order_cancelled");
		assertThat(CountingCardGateway.refunds(charge)).as("asked again").isGreaterThanOrEqualTo(2);
		assertThat(refundsOf(id)).isEqualTo(1);
		awaitHandled(id, "OrderCancelled", 1);
	}

	@Test
	void showsPaymentsOnlyToWhoMayReadTheOrder() {
		JsonNode mine = place(customer, 1);
		String id = mine.path("id").asString();
		JsonNode guests = place(null, 1);
		String guestId = guests.path("id").asString();

		assertThat(payments(id, customer).status()).isEqualTo(200);
		assertThat(payments(id, customer).json().path("items").size()).isZero();
		assertThat(payments(id, newCustomerToken()).status()).as("another customer").isEqualTo(404);
		assertThat(payments(id, null).status()).as("nobody").isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + guestId + "/payments?token=" + guests.path("orderToken").asString())
			.send()
			.status()).isEqualTo(200);
		assertThat(http().get("/api/v1/orders/" + guestId + "/payments?token=forged").send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + guestId + "/payments").bearer(customer).send().status())
			.as("a guest's order is not every customer's")
			.isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + guestId + "/payments?token=" + "x".repeat(65)).send().status())
			.isEqualTo(400);
		assertThat(payments("not-an-id", customer).status()).isEqualTo(404);
		assertThat(payments(UUID.randomUUID().toString(), customer).status()).isEqualTo(404);

		assertThat(http().get("/api/v1/admin/orders/" + id + "/payments").bearer(customer).send().status())
			.isEqualTo(403);
		assertThat(http().get("/api/v1/admin/orders/" + id + "/payments").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/admin/orders/not-an-id/payments").bearer(admin).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/admin/orders/" + UUID.randomUUID() + "/payments").bearer(admin).send().status())
			.isEqualTo(404);
	}

	/**
	 * Places an order of {@code quantity} units, as the signed-in customer or, with
	 * {@code null}, as a guest.
	 */
	private JsonNode place(String bearer, int quantity) {
		Http.Request cart = http().post("/api/v1/carts");
		String cartId = (bearer == null ? cart : cart.bearer(bearer)).send().json().path("id").asString();
		Http.Request add = http().post("/api/v1/carts/" + cartId + "/items")
			.json(Map.of("sku", sku, "quantity", quantity));
		(bearer == null ? add : add.bearer(bearer)).send();
		Http.Request checkout = http().post("/api/v1/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cartId, "email", "refund@example.com", "shippingAddress", SHIPPING_ADDRESS));
		Http.Response answer = (bearer == null ? checkout : checkout.bearer(bearer)).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json();
	}

	private Http.Response pay(String id, String bearer, String method, String card) {
		Http.Response answer = http().post("/api/v1/orders/" + id + "/payments")
			.bearer(bearer)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", method, "cardNumber", card))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer;
	}

	private Http.Response payments(String id, String bearer) {
		Http.Request request = http().get("/api/v1/orders/" + id + "/payments");
		return (bearer == null ? request : request.bearer(bearer)).send();
	}

	/**
	 * Reads the order's payments until {@code done} holds of them, for at most
	 * {@link #PATIENCE}.
	 */
	private JsonNode awaitPayments(String id, String bearer, Predicate<JsonNode> done) {
		return patiently().alias("payments of " + id).until(() -> payments(id, bearer).json().path("items"), done);
	}

	/**
	 * Waits until payments' listener has completed {@code count} publications of the
	 * order's event.
	 */
	private void awaitHandled(String id, String event, int count) {
		long completed = patiently().until(() -> jdbc.sql("""
				select count(*) from event_publication
				where listener_id like '%OrderRefunds%' and event_type like ? and serialized_event like ?
				and completion_date is not null""").params("%" + event, "%" + id + "%").query(Long.class).single(),
				handled -> handled >= count);
		assertThat(completed).isEqualTo(count);
	}

	/** Waits until payments' listener has failed to handle the order's cancellation. */
	private void awaitFailed(String id) {
		long failures = patiently().until(() -> jdbc.sql("""
				select count(*) from event_publication
				where listener_id like '%OrderRefunds%' and serialized_event like ?
				and completion_date is null and status = 'FAILED'""").param("%" + id + "%").query(Long.class).single(),
				failed -> failed > 0);
		assertThat(failures).as("left incomplete, to be delivered again").isEqualTo(1);
	}

	private String chargeOf(String orderId) {
		return jdbc.sql("select provider_ref from payments where order_id = ?::uuid and status = 'succeeded'")
			.param(orderId)
			.query(String.class)
			.single();
	}

	private long refundsOf(String orderId) {
		return jdbc
			.sql("select count(*) from refunds r join payments p on p.id = r.payment_id where p.order_id = ?::uuid")
			.param(orderId)
			.query(Long.class)
			.single();
	}

	/** Asks again every 50 ms, for at most {@link #PATIENCE}. */
	private static ConditionFactory patiently() {
		return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50));
	}

}

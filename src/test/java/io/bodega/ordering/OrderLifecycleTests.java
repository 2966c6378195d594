package io.bodega.ordering;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.bodega.ordering.orders.OrderMoves;
import io.bodega.ordering.orders.InvalidOrderState;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;

class OrderLifecycleTests extends OrderTest {

	@Autowired
	Ordering ordering;

	@Autowired
	OrderMoves moves;

	@Autowired
	Inventory inventory;

	OrderLifecycleTests() {
		super("Lifecycle", 1000);
	}

	@Test
	void cancellingAnUnpaidOrderReleasesItsReservation() {
		JsonNode order = place(3);
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		assertThat(level().reserved()).isEqualTo(3);

		Http.Response cancelled = http().post("/api/v1/orders/" + id + "/cancel?token=" + token).send();

		assertThat(cancelled.status()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
		assertThat(cancelled.json().path("cancelledAt").isNull()).isFalse();
		assertThat(level()).isEqualTo(new StockLevel(sku, 10, 0, 10));
		Http.Response again = http().post("/api/v1/orders/" + id + "/cancel?token=" + token).send();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.code()).isEqualTo("invalid_state");
		assertThat(http().post("/api/v1/orders/" + id + "/cancel").send().status()).as("without the token")
			.isEqualTo(404);
	}

	@Test
	void anOrderIsPaidShippedDeliveredAndRefundedWithTheLedgerAgreeing() {
		String id = place(2).path("id").asString();
		UUID orderId = UUID.fromString(id);

		Http.Response early = http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "JD0001"))
			.send();
		assertThat(early.status()).as("only a paid order ships").isEqualTo(409);
		assertThat(early.code()).isEqualTo("invalid_state");

		ordering.markPaid(new OrderId(orderId));
		assertThat(level()).isEqualTo(new StockLevel(sku, 8, 0, 8));

		JsonNode shipped = http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "JD0001"))
			.send()
			.json();
		assertThat(shipped.path("status").asString()).isEqualTo("shipped");
		assertThat(shipped.path("trackingNumber").asString()).isEqualTo("JD0001");
		Http.Response lateCancel = http().post("/api/v1/admin/orders/" + id + "/cancel").bearer(admin).send();
		assertThat(lateCancel.status()).isEqualTo(409);
		assertThat(lateCancel.json().path("code").asString()).isEqualTo("invalid_state");

		assertThat(http().post("/api/v1/admin/orders/" + id + "/deliver")
			.bearer(admin)
			.send()
			.json()
			.path("status")
			.asString()).isEqualTo("delivered");
		JsonNode refunded = http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send().json();
		assertThat(refunded.path("status").asString()).isEqualTo("refunded");
		assertThat(level()).as("stock returned").isEqualTo(new StockLevel(sku, 10, 0, 10));
		assertThat(http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send().status()).isEqualTo(409);
		assertLedgerAgrees();

		JsonNode audit = http().get("/api/v1/admin/audit?entityType=order&entityId=" + id).bearer(admin).send().json();
		assertThat(audit.path("items").size()).isEqualTo(3);
	}

	@Test
	void aShippedOrderCannotBeCancelledAndShipmentsNeedCarrierAndTracking() {
		JsonNode order = place(1);
		String id = order.path("id").asString();
		ordering.markPaid(new OrderId(UUID.fromString(id)));
		assertThat(fields(http().post("/api/v1/admin/orders/" + id + "/ship").bearer(admin).json("{}").send()))
			.containsExactlyInAnyOrder("carrier", "trackingNumber");
		http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "UPS", "trackingNumber", "1Z"))
			.send();

		Http.Response cancel = http()
			.post("/api/v1/orders/" + id + "/cancel?token=" + order.path("orderToken").asString())
			.send();

		assertThat(cancel.status()).isEqualTo(409);
		assertThat(cancel.code()).isEqualTo("invalid_state");
	}

	@Test
	void cancellingAPaidOrderReturnsItsStock() {
		JsonNode order = place(4);
		ordering.markPaid(new OrderId(UUID.fromString(order.path("id").asString())));
		assertThat(level().onHand()).isEqualTo(6);

		http()
			.post("/api/v1/orders/" + order.path("id").asString() + "/cancel?token="
					+ order.path("orderToken").asString())
			.send();

		assertThat(level()).isEqualTo(new StockLevel(sku, 10, 0, 10));
		assertLedgerAgrees();
	}

	@RepeatedTest(3)
	void payAndCancelAtOnceEndConsistently() throws Exception {
		JsonNode order = place(2);
		UUID id = UUID.fromString(order.path("id").asString());
		String token = order.path("orderToken").asString();
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
			CompletableFuture<Void> pay = CompletableFuture.runAsync(() -> {
				await(start);
				try {
					ordering.markPaid(new OrderId(id));
				}
				catch (InvalidOrderState e) {
					// cancelled first
				}
			}, pool);
			CompletableFuture<Integer> cancel = CompletableFuture.supplyAsync(() -> {
				await(start);
				return http().post("/api/v1/orders/" + id + "/cancel?token=" + token).send().status();
			}, pool);
			start.countDown();
			pay.get();
			assertThat(cancel.get()).isEqualTo(200);
		}
		assertThat(ordering.get(new OrderId(id)).status()).isEqualTo("cancelled");
		assertThat(level()).as("whichever came first, the stock is whole again")
			.isEqualTo(new StockLevel(sku, 10, 0, 10));
		assertLedgerAgrees();
	}

	@Test
	void unpaidOrdersExpireAndReleaseTheirStock() {
		JsonNode order = place(5);
		String id = order.path("id").asString();
		assertThat(order.path("expiresAt").asString()).isNotBlank();
		jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = ?::uuid").param(id).update();

		int expired = moves.expireDue(1000);

		assertThat(expired).isGreaterThanOrEqualTo(1);
		assertThat(ordering.get(new OrderId(UUID.fromString(id))).status()).isEqualTo("cancelled");
		assertThat(level().reserved()).isZero();
		assertThat(jdbc.sql("select count(*) from stock_movements where sku = ? and reason = 'order_expired'")
			.param(sku)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void adminsListOrdersByStatus() {
		String id = place(1).path("id").asString();
		Http.Response pending = http().get("/api/v1/admin/orders?status=pending_payment&limit=100")
			.bearer(admin)
			.send();
		assertThat(pending.status()).isEqualTo(200);
		assertThat(pending.json().path("items").valueStream().map(o -> o.path("id").asString())).contains(id);
		assertThat(http().get("/api/v1/admin/orders/" + id).bearer(admin).send().status()).isEqualTo(200);
		assertThat(http().get("/api/v1/admin/orders?status=lost").bearer(admin).send().status()).isEqualTo(400);
		assertThat(http().get("/api/v1/admin/orders").bearer(newCustomerToken()).send().status()).isEqualTo(403);
		JsonNode first = http().get("/api/v1/admin/orders?limit=1").bearer(admin).send().json();
		assertThat(http().get("/api/v1/admin/orders?limit=1&cursor=" + first.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.json()
			.path("items")
			.get(0)
			.path("id")
			.asString()).isNotEqualTo(first.path("items").get(0).path("id").asString());
	}

	@Test
	void aPaidOrderIsStillRefundedAfterOneOfItsVariantsWasRemoved() {
		String kept = uniqueSku();
		String removed = uniqueSku();
		JsonNode product = createProduct(admin, productBody("Two ways " + uniqueWord(), List.of(), 700, kept, removed));
		String cart = http().post("/api/v1/carts").send().json().path("id").asString();
		for (String each : List.of(kept, removed)) {
			http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", each, "quantity", 2)).send();
		}
		String id = http().post("/api/v1/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "email", "life@example.com", "shippingAddress", SHIPPING_ADDRESS))
			.send()
			.json()
			.path("id")
			.asString();
		ordering.markPaid(new OrderId(UUID.fromString(id)));
		String variantId = product.path("variants").findValuesAsString("id").get(1);
		assertThat(http().delete("/api/v1/admin/products/" + product.path("id").asString() + "/variants/" + variantId)
			.bearer(admin)
			.send()
			.status()).isEqualTo(200);

		Http.Response refunded = http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send();

		assertThat(refunded.status()).as(refunded.toString()).isEqualTo(200);
		assertThat(refunded.json().path("status").asString()).isEqualTo("refunded");
		assertThat(inventory.level(kept).orElseThrow()).as("back on the shelf")
			.isEqualTo(new StockLevel(kept, 10, 0, 10));
		assertThat(inventory.level(removed)).as("no shelf to come back to").isEmpty();
	}

	private JsonNode place(int quantity) {
		return placeGuestOrder(sku, quantity, "life@example.com");
	}

	private StockLevel level() {
		return inventory.level(sku).orElseThrow();
	}

	private void assertLedgerAgrees() {
		Map<String, Object> sums = jdbc
			.sql("select sum(on_hand_delta) as h, sum(reserved_delta) as r " + "from stock_movements where sku = ?")
			.param(sku)
			.query()
			.singleRow();
		assertThat(((Number) sums.get("h")).intValue()).isEqualTo(level().onHand());
		assertThat(((Number) sums.get("r")).intValue()).isEqualTo(level().reserved());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}

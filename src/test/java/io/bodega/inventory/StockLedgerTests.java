package io.bodega.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.inventory.StockMovement.Reason;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stock moves only by conditional updates, all lines or none, and the ledger always adds
 * up to the stock.
 */
class StockLedgerTests extends ApiTest {

	@Autowired
	Inventory inventory;

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void fiftyBuyersRacingForTenUnitsGetExactlyTen() throws Exception {
		String sku = stocked(10);
		int buyers = 50;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Boolean>> outcomes = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(buyers)) {
			for (int i = 0; i < buyers; i++) {
				String order = "order-" + i;
				outcomes.add(pool.submit(() -> {
					start.await();
					try {
						inventory.reserve(Map.of(sku, 1), order);
						return true;
					}
					catch (InsufficientStock e) {
						return false;
					}
				}));
			}
			start.countDown();
			int reserved = 0;
			for (Future<Boolean> outcome : outcomes) {
				reserved += outcome.get() ? 1 : 0;
			}
			assertThat(reserved).isEqualTo(10);
		}
		StockLevel level = inventory.level(sku).orElseThrow();
		assertThat(level.reserved()).isEqualTo(10);
		assertThat(level.onHand()).isEqualTo(10);
		assertThat(level.available()).isZero();
		assertLedgerAddsUp(sku);
		assertThat(jdbc.sql("select count(*) from stock_movements where sku = ? and reason = 'order_placed'")
			.param(sku)
			.query(Long.class)
			.single()).isEqualTo(10);
	}

	@Test
	void reservesEveryLineOrNoneAndNamesEveryShortSku() {
		String plenty = stocked(10);
		String shortOne = stocked(2);
		String shortTwo = stocked(0);

		assertThatExceptionOfType(InsufficientStock.class)
			.isThrownBy(() -> inventory.reserve(Map.of(plenty, 3, shortOne, 5, shortTwo, 1), "order-x"))
			.satisfies(e -> assertThat(e.shortages()).extracting(InsufficientStock.Shortage::sku)
				.containsExactlyInAnyOrder(shortOne, shortTwo))
			.withMessageContaining("Only 2 of SKU " + shortOne + " are available");

		assertThat(inventory.level(plenty).orElseThrow().reserved()).as("nothing half-reserved").isZero();
		assertThat(
				jdbc.sql("select count(*) from stock_movements where reference = 'order-x'").query(Long.class).single())
			.isZero();
	}

	@Test
	void aPaidOrderLeavesTheShelfAndARefundComesBack() {
		String sku = stocked(10);

		inventory.reserve(Map.of(sku, 4), "order-1");
		inventory.commit(Map.of(sku, 4), "order-1");
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 6, 0, 6));

		inventory.restock(Map.of(sku, 4), Reason.ORDER_REFUNDED, "order-1");
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 10, 0, 10));

		inventory.reserve(Map.of(sku, 3), "order-2");
		inventory.release(Map.of(sku, 3), Reason.ORDER_EXPIRED, "order-2");
		assertThat(inventory.level(sku).orElseThrow()).isEqualTo(new StockLevel(sku, 10, 0, 10));
		assertLedgerAddsUp(sku);
		assertThat(jdbc.sql("select reason from stock_movements where sku = ? order by id")
			.param(sku)
			.query(String.class)
			.list()).containsExactly("initial", "order_placed", "order_paid", "order_refunded", "order_placed",
					"order_expired");
	}

	@Test
	void releasingMoreThanIsReservedIsAFaultAndChangesNothing() {
		String sku = stocked(5);
		inventory.reserve(Map.of(sku, 1), "order-1");

		assertThatThrownBy(() -> inventory.release(Map.of(sku, 2), Reason.ORDER_CANCELLED, "order-1"))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> inventory.commit(Map.of(sku, 2), "order-1")).isInstanceOf(IllegalStateException.class);
		assertThat(inventory.level(sku).orElseThrow().reserved()).isEqualTo(1);
		assertLedgerAddsUp(sku);
	}

	@Test
	void theDatabaseItselfRefusesOversellAndLedgerEdits() {
		String sku = stocked(3);

		assertThatThrownBy(() -> jdbc.sql("update stock_items set reserved = 4 where sku = ?").param(sku).update())
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(() -> jdbc.sql("update stock_items set on_hand = -1 where sku = ?").param(sku).update())
			.isInstanceOf(DataAccessException.class);
		assertThatThrownBy(
				() -> jdbc.sql("update stock_movements set on_hand_delta = 100 where sku = ?").param(sku).update())
			.isInstanceOf(DataAccessException.class)
			.hasMessageContaining("append-only");
		assertThatThrownBy(() -> jdbc.sql("delete from stock_movements where sku = ?").param(sku).update())
			.isInstanceOf(DataAccessException.class);
	}

	@Test
	void adminAdjustmentsGoToTheLedgerWithTheirReason() {
		String sku = stocked(10);

		Http.Response set = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", 7, "reason", "stocktake: 3 damaged"))
			.send();
		assertThat(set.status()).isEqualTo(200);

		Http.Response ledger = http().get("/api/v1/admin/inventory/" + sku + "/movements").bearer(admin).send();
		assertThat(ledger.status()).isEqualTo(200);
		JsonNode latest = ledger.json().path("items").get(0);
		assertThat(latest.path("reason").asString()).isEqualTo("admin_adjustment");
		assertThat(latest.path("onHandDelta").asInt()).isEqualTo(-3);
		assertThat(latest.path("note").asString()).isEqualTo("stocktake: 3 damaged");
		assertThat(latest.path("actorId").asString()).isNotBlank();
		assertThat(ledger.json().path("items").get(1).path("reason").asString()).isEqualTo("initial");
		assertLedgerAddsUp(sku);

		JsonNode firstPage = http().get("/api/v1/admin/inventory/" + sku + "/movements?limit=1")
			.bearer(admin)
			.send()
			.json();
		JsonNode secondPage = http()
			.get("/api/v1/admin/inventory/" + sku + "/movements?limit=1&cursor="
					+ firstPage.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.json();
		assertThat(secondPage.path("items").get(0).path("reason").asString()).isEqualTo("initial");
		assertThat(http().get("/api/v1/admin/inventory/NO-SUCH-SKU/movements").bearer(admin).send().status())
			.isEqualTo(404);
		assertThat(http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", 1, "reason", "x".repeat(501)))
			.send()
			.status()).isEqualTo(400);
	}

	@Test
	void removingAVariantClosesItsLedgerAtZero() {
		String sku = uniqueSku();
		JsonNode product = createProduct(admin,
				productBody("Ledgered " + uniqueWord(), List.of(), 100, sku, uniqueSku()));
		String variantId = product.path("variants").get(0).path("id").asString();

		http().delete("/api/v1/admin/products/" + product.path("id").asString() + "/variants/" + variantId)
			.bearer(admin)
			.send();

		assertThat(jdbc.sql("select coalesce(sum(on_hand_delta), 0) from stock_movements where sku = ?")
			.param(sku)
			.query(Long.class)
			.single()).isZero();
	}

	/** A product with one SKU of {@code onHand} units, made through the admin API. */
	private String stocked(int onHand) {
		String sku = newProductSku(admin, "Stocked", 100);
		if (onHand != 10) {
			inventory.setOnHand(sku, onHand, "test setup", null);
		}
		return sku;
	}

	private void assertLedgerAddsUp(String sku) {
		Map<String, Object> sums = jdbc.sql("""
				select coalesce(sum(on_hand_delta), 0) as on_hand, coalesce(sum(reserved_delta), 0) as reserved
				from stock_movements where sku = ?""").param(sku).query().singleRow();
		StockLevel level = inventory.level(sku).orElseThrow();
		assertThat(((Number) sums.get("on_hand")).intValue()).isEqualTo(level.onHand());
		assertThat(((Number) sums.get("reserved")).intValue()).isEqualTo(level.reserved());
	}

}

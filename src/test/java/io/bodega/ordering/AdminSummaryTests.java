package io.bodega.ordering;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Other tests place orders in the same database, so the counts are checked as differences
 * around what each test does (the suite runs its classes one after another).
 */
class AdminSummaryTests extends OrderTest {

	@Autowired
	Ordering ordering;

	AdminSummaryTests() {
		super("Summary", 2000);
	}

	@Test
	void countsOrdersWaitingAndSalesAsTheyMove() {
		JsonNode before = summary("");
		JsonNode order = placeGuestOrder(sku, 2, uniqueEmail());
		UUID id = UUID.fromString(order.path("id").asString());
		long total = order.path("totals").path("total").path("amount").asLong();

		JsonNode placed = summary("");
		assertThat(delta(before, placed, "awaitingPayment")).isEqualTo(1);
		assertThat(delta(before, placed, "ordersToShip")).isZero();
		assertThat(todayOrders(placed) - todayOrders(before)).as("unpaid is no sale").isZero();

		ordering.markPaid(new OrderId(id));
		JsonNode paid = summary("");
		assertThat(delta(placed, paid, "awaitingPayment")).isEqualTo(-1);
		assertThat(delta(placed, paid, "ordersToShip")).isEqualTo(1);
		assertThat(todayOrders(paid) - todayOrders(placed)).isEqualTo(1);
		assertThat(todayRevenue(paid) - todayRevenue(placed)).isEqualTo(total);
		assertThat(paid.path("today").path("revenue").path("currency").asString()).isEqualTo("EUR");

		http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "S1"))
			.send();
		JsonNode shipped = summary("");
		assertThat(delta(paid, shipped, "ordersToShip")).isEqualTo(-1);
		assertThat(todayRevenue(shipped)).as("shipped still counts").isEqualTo(todayRevenue(paid));

		http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send();
		JsonNode refunded = summary("");
		assertThat(todayRevenue(paid) - todayRevenue(refunded)).isEqualTo(total);
		assertThat(todayOrders(paid) - todayOrders(refunded)).isEqualTo(1);
	}

	@Test
	void theLastSevenDaysAreEveryDayOldestFirstWithOlderSalesInTheirDay() {
		JsonNode before = summary("");
		JsonNode order = placeGuestOrder(sku, 1, uniqueEmail());
		ordering.markPaid(new OrderId(UUID.fromString(order.path("id").asString())));
		jdbc.sql("update orders set created_at = created_at - interval '3 days' where id = ?::uuid")
			.param(order.path("id").asString())
			.update();
		long total = order.path("totals").path("total").path("amount").asLong();

		JsonNode after = summary("");

		LocalDate today = LocalDate.now(ZoneOffset.UTC);
		JsonNode days = after.path("last7Days");
		assertThat(days.size()).isEqualTo(7);
		for (int i = 0; i < 7; i++) {
			assertThat(days.get(i).path("date").asString()).isEqualTo(today.minusDays(6 - i).toString());
		}
		assertThat(after.path("today").path("date").asString()).isEqualTo(today.toString());
		assertThat(after.path("timeZone").asString()).isEqualTo("UTC");
		JsonNode threeDaysAgo = days.get(3);
		JsonNode threeDaysAgoBefore = before.path("last7Days").get(3);
		assertThat(threeDaysAgo.path("orders").asLong() - threeDaysAgoBefore.path("orders").asLong()).isEqualTo(1);
		assertThat(threeDaysAgo.path("revenue").path("amount").asLong()
				- threeDaysAgoBefore.path("revenue").path("amount").asLong())
			.isEqualTo(total);
		assertThat(todayOrders(after)).isEqualTo(todayOrders(before));
	}

	@Test
	void lowStockListsTheScarcestSkusBelowTheThreshold() {
		// "0" sorts before every SKU other tests make ("SKU-..."), so among the SKUs with
		// nothing available it is shown.
		String empty = "0000" + UUID.randomUUID().toString().substring(0, 8);
		String plenty = uniqueSku();
		createProduct(admin, productBody("Scarce " + uniqueWord(), List.of(), 500, empty, plenty));
		http().put("/api/v1/admin/inventory/" + empty).bearer(admin).json(Map.of("onHand", 0)).send();
		http().put("/api/v1/admin/inventory/" + plenty).bearer(admin).json(Map.of("onHand", 5)).send();

		JsonNode low = summary("").path("lowStock");

		List<String> skus = new ArrayList<>();
		List<Integer> available = new ArrayList<>();
		low.forEach(level -> {
			skus.add(level.path("sku").asString());
			available.add(level.path("available").asInt());
		});
		assertThat(skus).contains(empty).doesNotContain(plenty);
		assertThat(low.size()).isBetween(1, 10);
		assertThat(available).isSorted().allMatch(units -> units < 5);
		JsonNode emptyLevel = low.get(skus.indexOf(empty));
		assertThat(emptyLevel.path("onHand").asInt()).isZero();
		assertThat(emptyLevel.path("reserved").asInt()).isZero();
		assertThat(summary("?lowStockBelow=0").path("lowStock").size()).isZero();
		List<String> higher = new ArrayList<>();
		summary("?lowStockBelow=6").path("lowStock").forEach(level -> higher.add(level.path("sku").asString()));
		assertThat(higher).contains(empty);
	}

	@Test
	void recentChangesAreTheLastAdminChangesNewestFirst() {
		JsonNode order = placeGuestOrder(sku, 1, uniqueEmail());
		String id = order.path("id").asString();
		ordering.markPaid(new OrderId(UUID.fromString(id)));
		http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "UPS", "trackingNumber", "1Z"))
			.send();
		http().post("/api/v1/admin/orders/" + id + "/deliver").bearer(admin).send();

		JsonNode changes = summary("").path("recentChanges");

		assertThat(changes.size()).isBetween(2, 5);
		assertThat(changes.get(0).path("action").asString()).isEqualTo("order.deliver");
		assertThat(changes.get(0).path("entityId").asString()).isEqualTo(id);
		assertThat(changes.get(0).path("actorEmail").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(changes.get(1).path("action").asString()).isEqualTo("order.ship");
		assertThat(changes.get(0).path("id").asLong()).isGreaterThan(changes.get(1).path("id").asLong());
	}

	@Test
	void onlyAdminsSeeTheSummaryAndItsParameterIsChecked() {
		assertThat(http().get("/api/v1/admin/summary").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/admin/summary").bearer(newCustomerToken()).send().code()).isEqualTo("forbidden");
		Http.Response bad = http().get("/api/v1/admin/summary?lowStockBelow=-1").bearer(admin).send();
		assertThat(bad.status()).isEqualTo(400);
		assertThat(fields(bad)).containsExactly("lowStockBelow");
	}

	private JsonNode summary(String query) {
		Http.Response answer = http().get("/api/v1/admin/summary" + query).bearer(admin).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	private static long delta(JsonNode before, JsonNode after, String field) {
		return after.path(field).asLong() - before.path(field).asLong();
	}

	private static long todayOrders(JsonNode summary) {
		return summary.path("today").path("orders").asLong();
	}

	private static long todayRevenue(JsonNode summary) {
		return summary.path("today").path("revenue").path("amount").asLong();
	}

}

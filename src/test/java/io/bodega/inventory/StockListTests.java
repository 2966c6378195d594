package io.bodega.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;

class StockListTests extends ApiTest {

	private String admin;

	private String prefix;

	@BeforeEach
	void products() {
		admin = adminToken();
		prefix = "Lst" + uniqueWord().substring(2, 10);
		// Mixed case on purpose: the list orders and matches SKUs without regard to case.
		createProduct(admin, productBody("Stock list " + uniqueWord(), List.of(), 300, prefix + "-b", prefix + "-A",
				prefix + "-C", prefix + "-d", prefix + ".E"));
		setOnHand(prefix + "-C", 1);
		setOnHand(prefix + "-d", 3);
	}

	@Test
	void listsStockBySkuWithoutRegardToCaseFromAPrefixInAnyCase() {
		JsonNode page = list("q=" + prefix.toUpperCase(Locale.ROOT) + "&limit=100");

		assertThat(skus(page)).containsExactly(prefix + "-A", prefix + "-b", prefix + "-C", prefix + "-d",
				prefix + ".E");
		JsonNode c = page.path("items").get(2);
		assertThat(c.path("onHand").asInt()).isEqualTo(1);
		assertThat(c.path("reserved").asInt()).isZero();
		assertThat(c.path("available").asInt()).isEqualTo(1);
		assertThat(skus(list("q=" + prefix.toLowerCase(Locale.ROOT) + "-"))).hasSize(4);
		assertThat(skus(list("q=" + prefix + "-B"))).containsExactly(prefix + "-b");
		assertThat(skus(list("q=" + prefix + "x"))).isEmpty();
	}

	@Test
	void filtersByUnitsAvailableCountingReservations() {
		placeGuestOrder(prefix + "-A", 8, uniqueEmail());

		JsonNode low = list("q=" + prefix + "&below=3");

		assertThat(skus(low)).containsExactly(prefix + "-A", prefix + "-C");
		assertThat(low.path("items").get(0).path("reserved").asInt()).isEqualTo(8);
		assertThat(low.path("items").get(0).path("available").asInt()).isEqualTo(2);
		assertThat(skus(list("q=" + prefix + "&below=0"))).isEmpty();
		List<JsonNode> all = new ArrayList<>();
		list("below=2&limit=100").path("items").forEach(all::add);
		assertThat(all).allMatch(level -> level.path("available").asInt() < 2);
	}

	@Test
	void pagesWithoutGapsOrRepeatsAndKeepsItsFilters() {
		List<String> seen = new ArrayList<>();
		String query = "q=" + prefix + "&limit=2";
		JsonNode page = list(query);
		seen.addAll(skus(page));
		while (!page.path("nextCursor").isNull()) {
			page = list(query + "&cursor=" + page.path("nextCursor").asString());
			seen.addAll(skus(page));
		}

		assertThat(seen).containsExactly(prefix + "-A", prefix + "-b", prefix + "-C", prefix + "-d", prefix + ".E");
		String cursor = list(query).path("nextCursor").asString();
		assertThat(fields(
				http().get("/api/v1/admin/inventory?q=" + prefix + "-&limit=2&cursor=" + cursor).bearer(admin).send()))
			.containsExactly("cursor");
		JsonNode unfiltered = list("limit=3");
		assertThat(unfiltered.path("items").size()).isEqualTo(3);
		List<String> next = skus(list("limit=3&cursor=" + unfiltered.path("nextCursor").asString()));
		String last = skus(unfiltered).getLast();
		assertThat(next).allMatch(sku -> sku.toLowerCase(Locale.ROOT).compareTo(last.toLowerCase(Locale.ROOT)) > 0);
	}

	@Test
	void badParametersAreNamedAndOnlyAdminsListStock() {
		Http.Response bad = http().get("/api/v1/admin/inventory?q=a%20b&below=-1&limit=101").bearer(admin).send();
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.code()).isEqualTo("validation_failed");
		assertThat(fields(bad)).containsExactlyInAnyOrder("q", "below", "limit");
		assertThat(fields(http().get("/api/v1/admin/inventory?cursor=forged.x").bearer(admin).send()))
			.containsExactly("cursor");
		assertThat(http().get("/api/v1/admin/inventory").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/admin/inventory").bearer(newCustomerToken()).send().code())
			.isEqualTo("forbidden");
		assertThat(http().get("/api/v1/admin/inventory/" + prefix + "-A").bearer(admin).send().status())
			.as("one SKU's stock is still there")
			.isEqualTo(200);
	}

	private void setOnHand(String sku, int onHand) {
		Http.Response answer = http().put("/api/v1/admin/inventory/" + sku)
			.bearer(admin)
			.json(Map.of("onHand", onHand))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
	}

	private JsonNode list(String query) {
		Http.Response answer = http().get("/api/v1/admin/inventory?" + query).bearer(admin).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	private static List<String> skus(JsonNode page) {
		List<String> skus = new ArrayList<>();
		page.path("items").forEach(level -> skus.add(level.path("sku").asString()));
		return skus;
	}

}

package io.bodega.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.Map;

class AdminOrderFilterTests extends OrderTest {

	AdminOrderFilterTests() {
		super("Filters", 900);
	}

	@BeforeEach
	void plentyInStock() {
		http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json(Map.of("onHand", 100)).send();
	}

	@Test
	void findsAnOrderByItsNumberInAnyCase() {
		JsonNode order = placeGuestOrder(sku, 1, uniqueEmail());
		placeGuestOrder(sku, 1, uniqueEmail());

		JsonNode found = list("q=" + order.path("number").asString().toLowerCase(Locale.ROOT));

		assertThat(ids(found)).containsExactly(order.path("id").asString());
		assertThat(ids(list("q=BO-999999999"))).isEmpty();
	}

	@Test
	void findsACustomersOrdersByEmailInAnyCaseNewestFirst() {
		String email = uniqueEmail();
		String first = placeGuestOrder(sku, 1, email).path("id").asString();
		String second = placeGuestOrder(sku, 1, email.toUpperCase(Locale.ROOT)).path("id").asString();
		placeGuestOrder(sku, 1, uniqueEmail());

		assertThat(ids(list("q=" + email.toUpperCase(Locale.ROOT)))).containsExactly(second, first);
		assertThat(ids(list("q=" + email.substring(0, 8)))).as("no prefix match").isEmpty();
	}

	@Test
	void filtersByCustomerAndCombinesWithStatus() {
		String customerEmail = uniqueEmail();
		String customer = token(register(customerEmail), GOOD_PASSWORD);
		String userId = http().get("/api/v1/me").bearer(customer).send().json().path("id").asString();
		String kept = OrderTimelineTests.customerOrder(http(), customer, sku);
		String cancelled = OrderTimelineTests.customerOrder(http(), customer, sku);
		http().post("/api/v1/orders/" + cancelled + "/cancel").bearer(customer).send();
		placeGuestOrder(sku, 1, customerEmail);

		assertThat(ids(list("customerId=" + userId))).containsExactly(cancelled, kept);
		assertThat(ids(list("customerId=" + userId + "&status=pending_payment"))).containsExactly(kept);
		assertThat(ids(list("customerId=" + userId + "&status=cancelled&q=" + customerEmail)))
			.containsExactly(cancelled);
		assertThat(ids(list("q=" + customerEmail))).as("the guest order has the same e-mail").hasSize(3);
	}

	@Test
	void filtersByCreationTimeWithDatesAsWholeDaysAndInstantsExactly() {
		String email = uniqueEmail();
		List<String> orders = new ArrayList<>();
		for (String at : List.of("2021-03-01T00:00:00Z", "2021-03-01T23:59:59Z", "2021-03-02T12:00:00Z",
				"2021-03-03T00:00:00Z")) {
			String id = placeGuestOrder(sku, 1, email).path("id").asString();
			jdbc.sql("update orders set created_at = ?::timestamptz where id = ?::uuid").params(at, id).update();
			orders.add(id);
		}

		assertThat(ids(list("q=" + email + "&from=2021-03-01&to=2021-03-01"))).as("one day, both ends included")
			.containsExactly(orders.get(1), orders.get(0));
		assertThat(ids(list("q=" + email + "&from=2021-03-02"))).containsExactly(orders.get(3), orders.get(2));
		assertThat(ids(list("q=" + email + "&to=2021-03-02"))).hasSize(3);
		assertThat(ids(list("q=" + email + "&from=2021-03-01T23:59:59Z&to=2021-03-03T00:00:00Z")))
			.as("from inclusive, to exclusive")
			.containsExactly(orders.get(2), orders.get(1));
		assertThat(ids(list("q=" + email + "&from=2021-03-02T13:00:00%2B01:00&to=2021-03-02T13:00:01%2B01:00")))
			.as("an offset is honoured")
			.containsExactly(orders.get(2));
	}

	@Test
	void pagesThroughFilteredOrdersWithoutGapsOrRepeats() {
		String email = uniqueEmail();
		List<String> placed = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			placed.add(0, placeGuestOrder(sku, 1, email).path("id").asString());
		}
		// Two orders at the very same moment: the id breaks the tie, and paging still
		// sees each once.
		jdbc.sql("update orders set created_at = (select created_at from orders where id = ?::uuid) where id = ?::uuid")
			.params(placed.get(1), placed.get(2))
			.update();
		placeGuestOrder(sku, 1, uniqueEmail());

		List<String> seen = new ArrayList<>();
		String query = "q=" + email + "&status=pending_payment&from=2020-01-01&limit=2";
		JsonNode page = list(query);
		seen.addAll(ids(page));
		int pages = 1;
		while (!page.path("nextCursor").isNull()) {
			page = list(query + "&cursor=" + page.path("nextCursor").asString());
			seen.addAll(ids(page));
			pages++;
		}

		assertThat(pages).isEqualTo(3);
		assertThat(seen).containsExactlyInAnyOrderElementsOf(placed).doesNotHaveDuplicates();
		assertThat(seen).containsSubsequence(placed.get(0), placed.get(3), placed.get(4));
		String cursor = list(query).path("nextCursor").asString();
		Http.Response otherFilters = http().get("/api/v1/admin/orders?q=" + email + "&limit=2&cursor=" + cursor)
			.bearer(admin)
			.send();
		assertThat(otherFilters.status()).isEqualTo(400);
		assertThat(fields(otherFilters)).containsExactly("cursor");
	}

	@Test
	void badFilterValuesAreNamed() {
		Http.Response all = http()
			.get("/api/v1/admin/orders?status=lost&customerId=abc&from=yesterday&to=2021-13-01" + "&limit=0")
			.bearer(admin)
			.send();
		assertThat(all.status()).isEqualTo(400);
		assertThat(all.code()).isEqualTo("validation_failed");
		assertThat(fields(all)).containsExactlyInAnyOrder("status", "customerId", "from", "to", "limit");

		assertThat(fields(http().get("/api/v1/admin/orders?from=2021-02-30").bearer(admin).send()))
			.containsExactly("from");
		assertThat(fields(http().get("/api/v1/admin/orders?from=2021-03-02&to=2021-03-01").bearer(admin).send()))
			.containsExactly("to");
		assertThat(fields(http().get("/api/v1/admin/orders?q=").bearer(admin).send())).containsExactly("q");
		assertThat(http().get("/api/v1/admin/orders?q=a@b.c").bearer(newCustomerToken()).send().status())
			.isEqualTo(403);
		assertThat(http().get("/api/v1/admin/orders?q=a@b.c").send().status()).isEqualTo(401);
	}

	private JsonNode list(String query) {
		Http.Response answer = http().get("/api/v1/admin/orders?" + query).bearer(admin).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	private static List<String> ids(JsonNode page) {
		List<String> ids = new ArrayList<>();
		page.path("items").forEach(o -> ids.add(o.path("id").asString()));
		return ids;
	}

}

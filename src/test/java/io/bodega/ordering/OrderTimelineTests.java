package io.bodega.ordering;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.ordering.orders.OrderMoves;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.time.Instant;
import org.awaitility.Awaitility;

class OrderTimelineTests extends OrderTest {

	@Autowired
	OrderMoves moves;

	OrderTimelineTests() {
		super("Timeline", 1200);
	}

	@Test
	void everyMoveOfAnOrderEntersItsTimelineInOrderWithWhoMadeIt() {
		String email = uniqueEmail();
		JsonNode order = placeGuestOrder(sku, 2, email);
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		assertThat(pay(id, token, "4000000000000002").json().path("status").asString()).isEqualTo("failed");
		assertThat(pay(id, token, "4242424242424242").json().path("status").asString()).isEqualTo("succeeded");
		assertThat(http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "JD0042"))
			.send()
			.status()).isEqualTo(200);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/deliver").bearer(admin).send().status()).isEqualTo(200);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send().status()).isEqualTo(200);

		List<JsonNode> entries = timeline(id);

		assertThat(entries).extracting(e -> e.path("kind").asString())
			.containsExactly("placed", "payment_failed", "paid", "shipped", "delivered", "refunded");
		assertThat(entries.get(0).path("actor").path("type").asString()).isEqualTo("guest");
		assertThat(entries.get(0).path("actor").path("email").asString()).isEqualTo(email);
		assertThat(entries.get(0).path("actor").path("id").isNull()).isTrue();
		assertThat(entries.get(1).path("actor").path("type").asString()).isEqualTo("system");
		assertThat(entries.get(1).path("reason").asString()).isEqualTo("card_declined");
		assertThat(entries.get(2).path("actor").path("type").asString()).isEqualTo("system");
		JsonNode shipped = entries.get(3);
		assertThat(shipped.path("carrier").asString()).isEqualTo("DHL");
		assertThat(shipped.path("trackingNumber").asString()).isEqualTo("JD0042");
		for (JsonNode staffMove : entries.subList(3, 6)) {
			assertThat(staffMove.path("actor").path("type").asString()).isEqualTo("staff");
			assertThat(staffMove.path("actor").path("email").asString()).isEqualTo(ADMIN_EMAIL);
			assertThat(staffMove.path("actor").path("id").asString()).isNotBlank();
		}
		assertThat(entries).extracting(e -> Long.parseLong(e.path("id").asString())).isSorted();
		assertThat(entries).extracting(e -> Instant.parse(e.path("at").asString())).isSorted();
		assertThat(entries.getFirst().path("at").asString()).isEqualTo(order.path("createdAt").asString());
	}

	@Test
	void aCancellationSaysWhoCancelledOrThatTheReservationExpired() {
		JsonNode byGuest = placeGuestOrder(sku, 1, uniqueEmail());
		http()
			.post("/api/v1/orders/" + byGuest.path("id").asString() + "/cancel?token="
					+ byGuest.path("orderToken").asString())
			.send();

		String customerEmail = uniqueEmail();
		String customer = token(register(customerEmail), GOOD_PASSWORD);
		String byCustomer = customerOrder(customer, sku);
		assertThat(http().post("/api/v1/orders/" + byCustomer + "/cancel").bearer(customer).send().status())
			.isEqualTo(200);

		JsonNode expiring = placeGuestOrder(sku, 1, uniqueEmail());
		String expired = expiring.path("id").asString();
		jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = ?::uuid")
			.param(expired)
			.update();
		moves.expireDue(1000);

		JsonNode guestCancel = timeline(byGuest.path("id").asString()).getLast();
		assertThat(guestCancel.path("kind").asString()).isEqualTo("cancelled");
		assertThat(guestCancel.path("reason").asString()).isEqualTo("customer");
		assertThat(guestCancel.path("actor").path("type").asString()).isEqualTo("guest");
		assertThat(guestCancel.path("actor").path("email").asString()).isEqualTo(byGuest.path("email").asString());

		List<JsonNode> customerEntries = timeline(byCustomer);
		assertThat(customerEntries).extracting(e -> e.path("kind").asString()).containsExactly("placed", "cancelled");
		for (JsonNode entry : customerEntries) {
			assertThat(entry.path("actor").path("type").asString()).isEqualTo("customer");
			assertThat(entry.path("actor").path("email").asString()).isEqualTo(customerEmail);
		}
		assertThat(customerEntries.getLast().path("reason").asString()).isEqualTo("customer");

		JsonNode expiry = timeline(expired).getLast();
		assertThat(expiry.path("kind").asString()).isEqualTo("cancelled");
		assertThat(expiry.path("reason").asString()).isEqualTo("expired");
		assertThat(expiry.path("actor").path("type").asString()).isEqualTo("system");
	}

	@Test
	void staffCancelAPaidOrderWhichIsRefundedAndItsStockReturned() {
		JsonNode order = placeGuestOrder(sku, 2, uniqueEmail());
		String id = order.path("id").asString();
		assertThat(pay(id, order.path("orderToken").asString(), "4242424242424242").status()).isEqualTo(201);
		assertThat(http().get("/api/v1/admin/inventory/" + sku).bearer(admin).send().json().path("onHand").asInt())
			.isEqualTo(8);

		Http.Response cancelled = http().post("/api/v1/admin/orders/" + id + "/cancel").bearer(admin).send();

		assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
		assertThat(cancelled.json().path("status").asString()).isEqualTo("cancelled");
		JsonNode entry = timeline(id).getLast();
		assertThat(entry.path("kind").asString()).isEqualTo("cancelled");
		assertThat(entry.path("reason").asString()).isEqualTo("staff");
		assertThat(entry.path("actor").path("email").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(http().get("/api/v1/admin/inventory/" + sku).bearer(admin).send().json().path("onHand").asInt())
			.isEqualTo(10);
		Awaitility.await()
			.untilAsserted(() -> assertThat(http().get("/api/v1/admin/orders/" + id + "/payments")
				.bearer(admin)
				.send()
				.json()
				.path("items")
				.get(0)
				.path("refund")
				.isObject()).isTrue());
		assertThat(http().get("/api/v1/admin/audit?entityType=order&entityId=" + id)
			.bearer(admin)
			.send()
			.json()
			.path("items")
			.get(0)
			.path("action")
			.asString()).isEqualTo("order.cancel");

		Http.Response again = http().post("/api/v1/admin/orders/" + id + "/cancel").bearer(admin).send();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("invalid_state");
		assertThat(http().post("/api/v1/admin/orders/" + id + "/cancel").bearer(newCustomerToken()).send().status())
			.isEqualTo(403);
	}

	@Test
	void staffNotesJoinTheTimelineAndAreChecked() {
		String id = placeGuestOrder(sku, 1, uniqueEmail()).path("id").asString();

		Http.Response added = http().post("/api/v1/admin/orders/" + id + "/notes")
			.bearer(admin)
			.json(Map.of("text", "Customer phoned: leave it with the neighbour"))
			.send();

		assertThat(added.status()).as(added.toString()).isEqualTo(201);
		assertThat(added.json().path("kind").asString()).isEqualTo("note");
		assertThat(added.json().path("text").asString()).isEqualTo("Customer phoned: leave it with the neighbour");
		assertThat(added.json().path("actor").path("email").asString()).isEqualTo(ADMIN_EMAIL);
		assertThat(timeline(id)).extracting(e -> e.path("kind").asString()).containsExactly("placed", "note");
		assertThat(timeline(id).getLast().path("id").asString()).isEqualTo(added.json().path("id").asString());

		String longest = "x".repeat(2000);
		assertThat(note(id, Map.of("text", longest)).status()).isEqualTo(201);
		for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("text", "x".repeat(2001)),
				Map.of("text", "   "), Map.of())) {
			Http.Response refused = note(id, bad);
			assertThat(refused.status()).as(bad.toString()).isEqualTo(400);
			assertThat(refused.code()).isEqualTo("validation_failed");
			assertThat(fields(refused)).containsExactly("text");
		}
		assertThat(timeline(id)).hasSize(3);

		String unknown = UUID.randomUUID().toString();
		assertThat(note(unknown, Map.of("text", "lost")).code()).isEqualTo("not_found");
		Http.Response noTimeline = http().get("/api/v1/admin/orders/" + unknown + "/timeline").bearer(admin).send();
		assertThat(noTimeline.status()).isEqualTo(404);
		assertThat(noTimeline.code()).isEqualTo("not_found");
		assertThat(http().get("/api/v1/admin/orders/not-an-id/timeline").bearer(admin).send().status()).isEqualTo(404);
	}

	@Test
	void theTimelineIsPagedOldestFirst() {
		String id = placeGuestOrder(sku, 1, uniqueEmail()).path("id").asString();
		for (int i = 1; i <= 4; i++) {
			note(id, Map.of("text", "note " + i));
		}

		JsonNode first = http().get("/api/v1/admin/orders/" + id + "/timeline?limit=2").bearer(admin).send().json();
		JsonNode second = http()
			.get("/api/v1/admin/orders/" + id + "/timeline?limit=2&cursor=" + first.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.json();
		JsonNode third = http()
			.get("/api/v1/admin/orders/" + id + "/timeline?limit=2&cursor=" + second.path("nextCursor").asString())
			.bearer(admin)
			.send()
			.json();

		List<String> kinds = new ArrayList<>();
		List<String> texts = new ArrayList<>();
		for (JsonNode page : List.of(first, second, third)) {
			page.path("items").forEach(e -> {
				kinds.add(e.path("kind").asString());
				texts.add(e.path("text").isNull() ? "" : e.path("text").asString());
			});
		}
		assertThat(kinds).containsExactly("placed", "note", "note", "note", "note");
		assertThat(texts.subList(1, 5)).containsExactly("note 1", "note 2", "note 3", "note 4");
		assertThat(third.path("nextCursor").isNull()).isTrue();
		String other = placeGuestOrder(sku, 1, uniqueEmail()).path("id").asString();
		Http.Response foreign = http()
			.get("/api/v1/admin/orders/" + other + "/timeline?cursor=" + first.path("nextCursor").asString())
			.bearer(admin)
			.send();
		assertThat(fields(foreign)).containsExactly("cursor");
		assertThat(fields(http().get("/api/v1/admin/orders/" + id + "/timeline?limit=0").bearer(admin).send()))
			.containsExactly("limit");
	}

	@Test
	void onlyAdminsSeeTimelinesAndWriteNotes() {
		String id = placeGuestOrder(sku, 1, uniqueEmail()).path("id").asString();
		String customer = newCustomerToken();

		assertThat(http().get("/api/v1/admin/orders/" + id + "/timeline").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/admin/orders/" + id + "/timeline").bearer(customer).send().status())
			.isEqualTo(403);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/notes").json(Map.of("text", "hi")).send().status())
			.isEqualTo(401);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/notes")
			.bearer(customer)
			.json(Map.of("text", "hi"))
			.send()
			.code()).isEqualTo("forbidden");
		assertThat(timeline(id)).hasSize(1);
	}

	private List<JsonNode> timeline(String id) {
		Http.Response answer = http().get("/api/v1/admin/orders/" + id + "/timeline?limit=100").bearer(admin).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		List<JsonNode> entries = new ArrayList<>();
		answer.json().path("items").forEach(entries::add);
		return entries;
	}

	private Http.Response note(String id, Map<String, Object> body) {
		return http().post("/api/v1/admin/orders/" + id + "/notes").bearer(admin).json(body).send();
	}

	/**
	 * A signed-in customer's order of one unit: their cart, its line, checkout. Answers
	 * the order id.
	 */
	static String customerOrder(Http http, String customer, String sku) {
		String cart = http.post("/api/v1/carts").bearer(customer).send().json().path("id").asString();
		http.post("/api/v1/carts/" + cart + "/items").bearer(customer).json(Map.of("sku", sku, "quantity", 1)).send();
		Http.Response placed = http.post("/api/v1/orders")
			.bearer(customer)
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "shippingAddress", SHIPPING_ADDRESS))
			.send();
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
		return placed.json().path("id").asString();
	}

	private String customerOrder(String customer, String sku) {
		return customerOrder(http(), customer, sku);
	}

}

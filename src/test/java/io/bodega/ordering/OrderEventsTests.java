package io.bodega.ordering;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.ordering.orders.OrderMoves;
import io.bodega.testing.OrderTest;
import io.bodega.testing.Http;
import io.bodega.testing.TestMailbox;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every order event, and stock changes, go through the event publication registry: stored
 * in the transaction of the change for every asynchronous listener (here the tests'
 * {@link io.bodega.testing.LaterListeners}, and payments' refunds) and completed once
 * they ran. The buyer's mails hang off them too, queued in the change's transaction.
 */
class OrderEventsTests extends OrderTest {

	@Autowired
	OrderMoves moves;

	OrderEventsTests() {
		super("Evented", 1250);
	}

	@Test
	void eachStepOfAnOrderIsAStoredEventAndAMailToTheBuyer() {
		String email = "steps-" + uniqueWord() + "@example.com";
		JsonNode order = place(email);
		String id = order.path("id").asString();
		String number = order.path("number").asString();

		Http.Response paid = http()
			.post("/api/v1/orders/" + id + "/payments?token=" + order.path("orderToken").asString())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(admin)
			.json(Map.of("carrier", "DHL", "trackingNumber", "JD0042"))
			.send()
			.status()).isEqualTo(200);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/deliver").bearer(admin).send().status()).isEqualTo(200);
		assertThat(http().post("/api/v1/admin/orders/" + id + "/refund").bearer(admin).send().status()).isEqualTo(200);

		List<TestMailbox.Mail> mails = TestMailbox.await(email, 5);
		assertThat(mails).extracting(TestMailbox.Mail::subject)
			.containsExactlyInAnyOrder("Your Bodega order " + number, "Payment received for order " + number,
					"Your order " + number + " has shipped", "Your order " + number + " was delivered",
					"Your order " + number + " was refunded");
		assertThat(mails).filteredOn(m -> m.subject().endsWith("has shipped"))
			.singleElement()
			.satisfies(m -> assertThat(m.body()).contains("DHL", "JD0042"));
		for (String event : List.of("OrderPlaced", "OrderPaid", "OrderShipped", "OrderDelivered", "OrderRefunded")) {
			assertThat(awaitCompleted(event, id)).as(event + ", one publication per listener").isPositive();
		}
		assertThat(awaitCompleted("StockChanged", sku)).as("stocked, placed, paid, refunded").isEqualTo(4);
	}

	@Test
	void cancelledAndExpiredOrdersAreStoredEventsAndMails() {
		String email = "gone-" + uniqueWord() + "@example.com";
		JsonNode cancelled = place(email);
		JsonNode expired = place(email);
		String cancelledId = cancelled.path("id").asString();
		String expiredId = expired.path("id").asString();

		assertThat(http()
			.post("/api/v1/orders/" + cancelledId + "/cancel?token=" + cancelled.path("orderToken").asString())
			.send()
			.status()).isEqualTo(200);
		jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = ?")
			.param(UUID.fromString(expiredId))
			.update();
		moves.expireDue(100);

		List<TestMailbox.Mail> mails = TestMailbox.await(email, 4);
		assertThat(mails).extracting(TestMailbox.Mail::body)
			.anySatisfy(b -> assertThat(b)
				.contains("Your order " + cancelled.path("number").asString() + " has been cancelled."))
			.anySatisfy(b -> assertThat(b).contains("Your order " + expired.path("number").asString()
					+ " was not paid in time and has been cancelled."));
		assertThat(awaitCompleted("OrderCancelled", cancelledId)).as("the refund and a later listener").isEqualTo(2);
		assertThat(awaitCompleted("OrderCancelled", expiredId)).isEqualTo(2);
	}

	/**
	 * How many publications of this event type mentioning {@code text} there are once all
	 * are completed, waiting up to 15 s for that; 0 if they were not all completed by
	 * then.
	 */
	private long awaitCompleted(String eventType, String text) {
		try {
			return Awaitility.await()
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> jdbc.sql("""
						select count(*) as stored, count(completion_date) as completed from event_publication
						where event_type like ? and serialized_event like ?""")
					.params("%" + eventType, "%" + text + "%")
					.query((rs, n) -> rs.getLong("stored") > 0 && rs.getLong("completed") == rs.getLong("stored")
							? rs.getLong("completed") : 0L)
					.single(), completed -> completed > 0);
		}
		catch (ConditionTimeoutException e) {
			return 0;
		}
	}

	private JsonNode place(String email) {
		return placeGuestOrder(sku, 1, email);
	}

}

package io.bodega.live;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A guest's order token kept out of the stream's URL: in the Order-Token header, or
 * traded for a single-use ticket (browsers, whose EventSource cannot send headers). The
 * token in the query still works.
 */
class OrderStreamTokenTests extends LiveApiTest {

	@Autowired
	StreamTickets tickets;

	@Autowired
	TransactionTemplate transactions;

	private Http.Response ticketRequest(String orderId, String headerToken, Map<String, ?> body) {
		Http.Request request = http().post("/api/v1/orders/" + orderId + "/stream-tickets");
		if (headerToken != null) {
			request.header("Order-Token", headerToken);
		}
		if (body != null) {
			request.json(body);
		}
		return request.send();
	}

	private String ticket(JsonNode order) {
		Http.Response answer = ticketRequest(order.path("id").asString(), order.path("orderToken").asString(), null);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json().path("ticket").asString();
	}

	private Http.Response streamAnswer(String pathAndQuery) {
		return http().get(pathAndQuery).header("Accept", "text/event-stream").send();
	}

	@Test
	void aTicketOpensItsOrdersStreamOnceAndNoOtherOrders() {
		String sku = newProductSku(adminToken(), "Ticketed", 800);
		JsonNode order = placeGuestOrder(sku, 1, "ticket-guest@example.com");
		JsonNode other = placeGuestOrder(sku, 1, "ticket-other@example.com");
		String id = order.path("id").asString();

		Http.Response issued = ticketRequest(id, order.path("orderToken").asString(), null);
		assertThat(issued.status()).isEqualTo(201);
		String ticket = issued.json().path("ticket").asString();
		assertThat(ticket).matches("[A-Za-z0-9_-]{43}").doesNotContain(order.path("orderToken").asString());
		Instant expiresAt = Instant.parse(issued.json().path("expiresAt").asString());
		assertThat(expiresAt).isAfter(Instant.now().minusSeconds(5))
			.isBefore(Instant.now().plus(2, ChronoUnit.MINUTES));

		try (SseClient stream = SseClient.stream(port, "/api/v1/events?ticket=" + ticket)) {
			payWithTestCard(other);
			payWithTestCard(order);
			SseClient.Message paid = stream.awaitMessage(m -> m.event().equals("order.paid"));
			assertThat(data(paid).path("id").asString()).isEqualTo(id);
			assertThat(stream.messages()).allMatch(
					m -> data(m).path("id").asString().equals(id) || data(m).path("orderId").asString().equals(id));

			Http.Response again = streamAnswer("/api/v1/events?ticket=" + ticket);
			assertThat(again.status()).as("a ticket opens one stream").isEqualTo(404);
			assertThat(again.code()).isEqualTo("not_found");
			Http.Response wrongToken = streamAnswer("/api/v1/events?orderId=" + id + "&token=wrong");
			assertThat(again.json().path("detail")).as("the same answer as a wrong token")
				.isEqualTo(wrongToken.json().path("detail"));
		}

		String forOrder = ticket(order);
		assertThat(
				streamAnswer("/api/v1/events?orderId=" + other.path("id").asString() + "&ticket=" + forOrder).status())
			.as("a ticket is for its own order only")
			.isEqualTo(404);
		assertThat(streamAnswer("/api/v1/events?ticket=" + forOrder).status()).as("and was used up by trying")
			.isEqualTo(404);
		assertThat(streamAnswer("/api/v1/events?ticket=" + "Q".repeat(43)).status()).as("an unknown ticket")
			.isEqualTo(404);
	}

	@Test
	void aLapsedTicketIsTheSame404AsAWrongToken() {
		String sku = newProductSku(adminToken(), "Lapsed ticket", 800);
		JsonNode order = placeGuestOrder(sku, 1, "lapsed-ticket@example.com");
		String ticket = ticket(order);
		jdbc.sql("update live_stream_tickets set expires_at = now() - interval '1 second' where order_id = ?::uuid")
			.param(order.path("id").asString())
			.update();
		Http.Response lapsed = streamAnswer("/api/v1/events?ticket=" + ticket);
		assertThat(lapsed.status()).isEqualTo(404);
		assertThat(lapsed.code()).isEqualTo("not_found");
	}

	@Test
	void aTicketNeedsTheOrdersTokenInTheHeaderOrBodyOrItsOwner() {
		String sku = newProductSku(adminToken(), "Ticket access", 800);
		JsonNode order = placeGuestOrder(sku, 1, "ticket-access@example.com");
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();

		Http.Response fromBody = ticketRequest(id, null, Map.of("token", token));
		assertThat(fromBody.status()).as(fromBody.toString()).isEqualTo(201);
		try (SseClient stream = SseClient.stream(port,
				"/api/v1/events?orderId=" + id + "&ticket=" + fromBody.json().path("ticket").asString())) {
			assertThat(stream.ended()).isFalse();
		}
		for (Http.Response refused : new Http.Response[] { ticketRequest(id, null, null),
				ticketRequest(id, "wrong-token", null), ticketRequest(id, null, Map.of("token", "wrong-token")),
				ticketRequest("not-an-id", token, null) }) {
			assertThat(refused.status()).as(refused.toString()).isEqualTo(404);
			assertThat(refused.code()).isEqualTo("not_found");
		}

		String customer = newCustomerToken();
		JsonNode own = customerOrder(customer, customerCart(customer, sku, 1));
		Http.Response owners = http().post("/api/v1/orders/" + own.path("id").asString() + "/stream-tickets")
			.bearer(customer)
			.send();
		assertThat(owners.status()).as("the owner needs no token").isEqualTo(201);
		assertThat(http().post("/api/v1/orders/" + own.path("id").asString() + "/stream-tickets")
			.bearer(newCustomerToken())
			.send()
			.status()).as("another customer's order").isEqualTo(404);
	}

	@Test
	void theOrdersTokenInAHeaderOpensItsStream() {
		String sku = newProductSku(adminToken(), "Header token", 800);
		JsonNode order = placeGuestOrder(sku, 1, "header-token@example.com");
		String id = order.path("id").asString();
		try (SseClient stream = SseClient.stream(port, "/api/v1/events?orderId=" + id, "Order-Token",
				order.path("orderToken").asString())) {
			payWithTestCard(order);
			assertThat(data(stream.awaitMessage(m -> m.event().equals("order.paid"))).path("id").asString())
				.isEqualTo(id);
		}
		Http.Response wrong = http().get("/api/v1/events?orderId=" + id)
			.header("Order-Token", "wrong-token")
			.header("Accept", "text/event-stream")
			.send();
		assertThat(wrong.status()).isEqualTo(404);
		assertThat(wrong.code()).isEqualTo("not_found");
	}

	@Test
	void concurrentTicketRequestsNeverPassTheLimitOfUnusedTicketsPerOrder() throws Exception {
		String sku = newProductSku(adminToken(), "Ticket rush", 800);
		JsonNode order = placeGuestOrder(sku, 1, "ticket-rush@example.com");
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 100; i++) {
				answers.add(threads.submit(() -> {
					start.await();
					return ticketRequest(id, token, null).status();
				}));
			}
			start.countDown();
		}
		List<Integer> statuses = new ArrayList<>();
		for (Future<Integer> answer : answers) {
			statuses.add(answer.get());
		}
		assertThat(statuses).filteredOn(status -> status == 201).hasSize(StreamTickets.PER_ORDER);
		assertThat(statuses).filteredOn(status -> status == 429).hasSize(100 - StreamTickets.PER_ORDER);
		assertThat(jdbc.sql("select count(*) from live_stream_tickets where order_id = ?::uuid")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(StreamTickets.PER_ORDER);
	}

	@Test
	void aTicketRequestWaitsForAConcurrentOneOfTheSameOrderBeforeCounting() {
		String sku = newProductSku(adminToken(), "Ticket race", 800);
		JsonNode order = placeGuestOrder(sku, 1, "ticket-race@example.com");
		String id = order.path("id").asString();
		String token = order.path("orderToken").asString();
		for (int i = 1; i < StreamTickets.PER_ORDER; i++) {
			assertThat(ticketRequest(id, token, null).status()).isEqualTo(201);
		}
		// The last ticket is being issued in a transaction not yet committed while
		// another request comes in: that one
		// must count it, not see 19 and issue a 21st.
		CompletableFuture<Integer> other = transactions.execute(tx -> {
			tickets.issue(UUID.fromString(id));
			CompletableFuture<Integer> started = CompletableFuture
				.supplyAsync(() -> ticketRequest(id, token, null).status());
			await().until(() -> started.isDone() || waitsForAnAdvisoryLock());
			return started;
		});
		assertThat(other.join()).as("the request that came second").isEqualTo(429);
		assertThat(jdbc.sql("select count(*) from live_stream_tickets where order_id = ?::uuid")
			.param(id)
			.query(Long.class)
			.single()).isEqualTo(StreamTickets.PER_ORDER);
	}

	private boolean waitsForAnAdvisoryLock() {
		return jdbc
			.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock' and wait_event = 'advisory'")
			.query(Long.class)
			.single() > 0;
	}

	@Test
	void aHeadRequestDoesNotUseUpATicket() {
		String sku = newProductSku(adminToken(), "Head ticket", 800);
		JsonNode order = placeGuestOrder(sku, 1, "head-ticket@example.com");
		String ticket = ticket(order);

		Http.Response head = http().method("HEAD", "/api/v1/events?ticket=" + ticket)
			.header("Accept", "text/event-stream")
			.send();
		assertThat(head.status()).as(head.toString()).isEqualTo(200);
		assertThat(http().method("HEAD", "/api/v1/events?ticket=" + "Q".repeat(43))
			.header("Accept", "text/event-stream")
			.send()
			.status()).as("an unknown ticket, as for GET").isEqualTo(404);
		try (SseClient stream = SseClient.stream(port, "/api/v1/events?ticket=" + ticket)) {
			assertThat(stream.ended()).as("the ticket still opens its stream after a HEAD").isFalse();
		}
	}

}

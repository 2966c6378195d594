package io.bodega.live;

import java.util.concurrent.TimeUnit;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node's bound on open streams, and its shutdown, on the server that holds only four
 * streams (two per user).
 */
class LiveStreamBoundsTests extends LockedDownApiTest {

	@Autowired
	LiveHub hub;

	@Autowired
	ApplicationContext context;

	/**
	 * A product's stream, once the streams of earlier tests are gone (the server notices
	 * at their next heartbeat).
	 */
	private String productStream() {
		await().atMost(10, TimeUnit.SECONDS).until(() -> hub.openStreams() == 0);
		String sku = newProductSku(adminToken(), "Bounded", 100);
		String product = jdbc.sql("select product_id::text from variants where sku = ?")
			.param(sku)
			.query(String.class)
			.single();
		return "/api/v1/products/" + product + "/events";
	}

	@Test
	void aNodeFullOfCustomersAndAnonymousStreamsStillAnswersTheStaff() {
		// four streams at most: one kept for the staff, two at most without a session
		String path = productStream();
		String admin = adminToken();
		try (SseClient first = SseClient.stream(port, path); SseClient second = SseClient.stream(port, path)) {
			try (SseClient third = SseClient.open(port, path)) {
				assertThat(third.status()).as("half of the node without a session").isEqualTo(503);
			}
			Http.Response refused = http().get(path).header("Accept", "text/event-stream").send();
			assertThat(refused.code()).isEqualTo("unavailable");
			assertThat(refused.header("Retry-After")).hasValue("3");
			try (SseClient customer = SseClient.stream(port, "/api/v1/events", "Authorization",
					"Bearer " + newCustomerToken())) {
				try (SseClient another = SseClient.open(port, "/api/v1/events", "Authorization",
						"Bearer " + newCustomerToken())) {
					assertThat(another.status()).as("the last stream is kept for the staff").isEqualTo(503);
				}
				try (SseClient staff = SseClient.stream(port, "/api/v1/admin/events", "Authorization",
						"Bearer " + admin)) {
					assertThat(staff.ended()).isFalse();
					try (SseClient beyond = SseClient.open(port, "/api/v1/admin/events", "Authorization",
							"Bearer " + admin)) {
						assertThat(beyond.status()).as("the node's own bound holds for the staff too").isEqualTo(503);
					}
				}
				assertThat(first.ended()).isFalse();
				assertThat(customer.ended()).isFalse();
			}
		}
		// once the server notices the streams are gone (their next heartbeat), there is
		// room again
		await().atMost(10, TimeUnit.SECONDS).until(() -> hub.openStreams() == 0);
		try (SseClient again = SseClient.stream(port, path)) {
			assertThat(again.ended()).isFalse();
		}
	}

	@Test
	void aCustomerWithManySessionsHoldsNoMoreStreamsThanTheBoundPerUser() {
		productStream();
		String email = register(uniqueEmail());
		String firstSession = token(email, GOOD_PASSWORD);
		String secondSession = token(email, GOOD_PASSWORD);
		String thirdSession = token(email, GOOD_PASSWORD);
		try (SseClient one = SseClient.stream(port, "/api/v1/events", "Authorization", "Bearer " + firstSession);
				SseClient two = SseClient.stream(port, "/api/v1/events", "Authorization", "Bearer " + secondSession)) {
			try (SseClient three = SseClient.open(port, "/api/v1/events", "Authorization", "Bearer " + thirdSession)) {
				assertThat(three.status()).as("two streams per user, whatever the session").isEqualTo(429);
			}
			Http.Response refused = http().get("/api/v1/events").bearer(thirdSession).send();
			assertThat(refused.code()).isEqualTo("rate_limited");
			assertThat(refused.header("Retry-After")).isPresent();
			assertThat(refused.json().path("detail").asString()).contains("This account");
			assertThat(one.ended()).isFalse();
			assertThat(two.ended()).isFalse();
		}
	}

	@Test
	void shuttingDownEndsEveryOpenStreamWithARandomRetryAndSendsNewOnesElsewhere() {
		String path = productStream();
		try (SseClient open = SseClient.stream(port, path)) {
			hub.stop();
			try {
				await().atMost(5, TimeUnit.SECONDS).until(open::ended);
				assertThat(open.retries()).as("the opening retry, then a random one to spread the reconnects")
					.hasSize(2);
				assertThat(open.retries().getLast()).isBetween(1_000L, 15_000L);
				// an EventSource gives up on any answer but 200: a stream that ends at
				// once makes it reconnect
				try (SseClient refused = SseClient.stream(port, path)) {
					await().atMost(5, TimeUnit.SECONDS).until(refused::ended);
					assertThat(refused.retries()).singleElement()
						.satisfies(retry -> assertThat(retry).isBetween(1_000L, 15_000L));
					assertThat(refused.messages()).isEmpty();
				}
			}
			finally {
				hub.start();
			}
		}
		try (SseClient again = SseClient.stream(port, path)) {
			assertThat(again.ended()).isFalse();
		}
	}

	@Test
	void theEventFollowerStopsOnlyAfterTheHubHasClosedTheStreamsAndRequestsHaveFinished() {
		// Lifecycle beans stop from the highest phase down: the hub first, then the web
		// server's graceful shutdown
		// (Integer.MAX_VALUE - 1024), then the follower, which until then still hands
		// over the events of requests in
		// flight.
		SmartLifecycle follower = context.getBean("eventFollower", SmartLifecycle.class);
		assertThat(follower.getPhase()).isLessThan(hub.getPhase()).isLessThan(Integer.MAX_VALUE - 1024);
	}

}

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

/** The node's bound on open streams, and its shutdown, on the server that holds only two streams. */
class LiveStreamBoundsTests extends LockedDownApiTest {

	@Autowired
	LiveHub hub;

	@Autowired
	ApplicationContext context;

	/** A product's stream, once the streams of earlier tests are gone (the server notices at their next heartbeat). */
	private String productStream() {
		await().atMost(10, TimeUnit.SECONDS).until(() -> hub.openStreams() == 0);
		String sku = newProductSku(adminToken(), "Bounded", 100);
		String product = jdbc.sql("select product_id::text from variants where sku = ?").param(sku)
			.query(String.class)
			.single();
		return "/api/v1/products/" + product + "/events";
	}

	@Test
	void aNodeHoldingAllTheStreamsItMayRefusesAnother503AndKeepsHalfForSignedInStreams() {
		String path = productStream();
		String customer = newCustomerToken();
		try (SseClient anonymous = SseClient.stream(port, path)) {
			Http.Response refused = http().get(path).header("Accept", "text/event-stream").send();
			assertThat(refused.status()).as("one of the two slots is for streams without a session").isEqualTo(503);
			assertThat(refused.code()).isEqualTo("unavailable");
			assertThat(refused.header("Retry-After")).hasValue("3");
			try (SseClient signedIn = SseClient.stream(port, "/api/v1/events", "Authorization", "Bearer " + customer)) {
				Http.Response full = http().get("/api/v1/events").bearer(newCustomerToken()).send();
				assertThat(full.status()).isEqualTo(503);
				assertThat(anonymous.ended()).isFalse();
				assertThat(signedIn.ended()).isFalse();
			}
		}
		// once the server notices the streams are gone (their next heartbeat), there is room again
		await().atMost(10, TimeUnit.SECONDS).until(() -> hub.openStreams() == 0);
		try (SseClient again = SseClient.stream(port, path)) {
			assertThat(again.ended()).isFalse();
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
				// an EventSource gives up on any answer but 200: a stream that ends at once makes it reconnect
				try (SseClient refused = SseClient.stream(port, path)) {
					await().atMost(5, TimeUnit.SECONDS).until(refused::ended);
					assertThat(refused.retries()).singleElement().satisfies(
							retry -> assertThat(retry).isBetween(1_000L, 15_000L));
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
		// Lifecycle beans stop from the highest phase down: the hub first, then the web server's graceful shutdown
		// (Integer.MAX_VALUE - 1024), then the follower, which until then still hands over the events of requests in
		// flight.
		SmartLifecycle follower = context.getBean("eventFollower", SmartLifecycle.class);
		assertThat(follower.getPhase()).isLessThan(hub.getPhase()).isLessThan(Integer.MAX_VALUE - 1024);
	}
}

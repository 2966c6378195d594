package io.bodega.live;

import java.util.concurrent.TimeUnit;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The node's bound on open streams, and its shutdown, on the server that holds only two streams. */
class LiveStreamBoundsTests extends LockedDownApiTest {

	@Autowired
	LiveHub hub;

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
	void aNodeHoldingAllTheStreamsItMayRefusesAnother503() {
		String path = productStream();
		try (SseClient first = SseClient.stream(port, path); SseClient second = SseClient.stream(port, path)) {
			Http.Response refused = http().get(path).header("Accept", "text/event-stream").send();
			assertThat(refused.status()).isEqualTo(503);
			assertThat(refused.code()).isEqualTo("unavailable");
			assertThat(refused.header("Retry-After")).hasValue("3");
			assertThat(first.ended()).isFalse();
		}
		// once the server notices the streams are gone (their next heartbeat), there is room again
		await().atMost(10, TimeUnit.SECONDS).until(() -> hub.openStreams() == 0);
		try (SseClient again = SseClient.stream(port, path)) {
			assertThat(again.ended()).isFalse();
		}
	}

	@Test
	void shuttingDownEndsEveryOpenStreamAndRefusesNewOnes() {
		String path = productStream();
		try (SseClient open = SseClient.stream(port, path)) {
			hub.stop();
			try {
				await().atMost(5, TimeUnit.SECONDS).until(open::ended);
				assertThat(http().get(path).send().status()).isEqualTo(503);
			}
			finally {
				hub.start();
			}
		}
		try (SseClient again = SseClient.stream(port, path)) {
			assertThat(again.ended()).isFalse();
		}
	}
}

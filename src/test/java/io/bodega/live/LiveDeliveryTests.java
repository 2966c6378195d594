package io.bodega.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.time.OffsetDateTime;

/**
 * How streams deliver: resuming after Last-Event-ID, resets, heartbeats, ending with the
 * session, many streams at once, and the per-session bound.
 */
class LiveDeliveryTests extends LiveApiTest {

	@Test
	void resumingAfterLastEventIdGetsExactlyTheMissedEventsOnAnyStream() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Resumed", 500);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		String resumeAfter;
		try (SseClient first = SseClient.stream(port, path)) {
			placeGuestOrder(sku, 1, "resume@example.com");
			resumeAfter = first.awaitMessage(m -> data(m).path("available").asInt() == 9).id();
			assertThat(first.lastEventId()).isEqualTo(resumeAfter);
		}
		// missed while away
		placeGuestOrder(sku, 1, "resume@example.com");
		placeGuestOrder(sku, 1, "resume@example.com");

		// A second connection, as a browser makes it (to this node or any other), and one
		// opened with the parameter.
		try (SseClient header = SseClient.stream(port, path, "Last-Event-ID", resumeAfter);
				SseClient parameter = SseClient.stream(port, path + "?lastEventId=" + resumeAfter);
				SseClient headerWins = SseClient.stream(port, path + "?lastEventId=0", "Last-Event-ID", resumeAfter)) {
			for (SseClient resumed : List.of(header, parameter, headerWins)) {
				resumed.awaitMessage(m -> data(m).path("available").asInt() == 7);
			}
			placeGuestOrder(sku, 1, "resume@example.com");
			for (SseClient resumed : List.of(header, parameter, headerWins)) {
				resumed.awaitMessage(m -> data(m).path("available").asInt() == 6);
				assertThat(resumed.messages()).extracting(m -> data(m).path("available").asInt())
					.containsExactly(8, 7, 6);
				assertThat(resumed.messages()).extracting(SseClient.Message::eventId)
					.isSorted()
					.doesNotHaveDuplicates()
					.allMatch(id -> id > Long.parseLong(resumeAfter));
			}
		}
	}

	@Test
	void aClientTooFarBehindIsToldToReload() {
		String admin = adminToken();
		long before = log.latestId();
		// 11 products of 100 SKUs each: 1,100 stock changes, more than a stream catches
		// up on
		for (int p = 0; p < 11; p++) {
			List<Map<String, Object>> variants = new ArrayList<>();
			for (int v = 0; v < 100; v++) {
				variants.add(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR"), "stock", 1));
			}
			createProduct(admin, Map.of("title", "Many " + uniqueWord(), "variants", variants));
		}
		try (SseClient behind = SseClient.stream(port, "/api/v1/admin/events?types=stock.changed", "Authorization",
				bearer(admin), "Last-Event-ID", Long.toString(before))) {
			SseClient.Message reset = behind.awaitMessage(m -> m.event().equals("reset"));
			assertThat(reset.eventId()).isGreaterThanOrEqualTo(before + 1_100);
			assertThat(data(reset).path("reason").asString()).isEqualTo("too_far_behind");
			assertThat(behind.messages()).as("no backlog instead").hasSize(1);
			// and it goes on from there
			String sku = newProductSku(admin, "After the reset", 100);
			behind.awaitMessage(m -> m.event().equals("stock.changed") && data(m).path("sku").asString().equals(sku));
		}
		// an id the log never gave out
		String sku = newProductSku(admin, "Future", 100);
		try (SseClient future = SseClient.stream(port, "/api/v1/products/" + productIdOf(sku) + "/events",
				"Last-Event-ID", Long.toString(log.latestId() + 1_000_000))) {
			SseClient.Message reset = future.awaitMessage(m -> m.event().equals("reset"));
			assertThat(reset.eventId()).isLessThanOrEqualTo(log.latestId());
		}
		// a client just within reach catches up instead
		long recent = log.latestId();
		String near = newProductSku(admin, "Near", 100);
		try (SseClient caughtUp = SseClient.stream(port, "/api/v1/products/" + productIdOf(near) + "/events",
				"Last-Event-ID", Long.toString(recent))) {
			caughtUp.awaitMessage(m -> m.event().equals("stock.changed"));
			assertThat(caughtUp.messages("reset")).isEmpty();
		}
	}

	@Test
	void aStreamCutDuringItsCatchUpResumesAfterTheLastEventItReceived() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Cut short", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		long before = log.latestId();
		for (int i = 0; i < 5; i++) {
			placeGuestOrder(sku, 1, "cut@example.com");
		}
		try (SseClient catchingUp = SseClient.stream(port, path, "Last-Event-ID", Long.toString(before))) {
			catchingUp.awaitMessage(m -> data(m).path("available").asInt() == 5);
			// Cut off after any block, the browser resumes after its last event id: it
			// must be that of an event it
			// got, never the end of a backlog still on its way.
			assertThat(catchingUp.bareIds()).as("no id ahead of the events").isEmpty();
			assertThat(catchingUp.lastEventId()).isEqualTo(catchingUp.messages().getLast().id());
		}
		// with nothing to catch up on, the opening id says where the stream stands
		long now = log.latestId();
		try (SseClient upToDate = SseClient.stream(port, path, "Last-Event-ID", Long.toString(now))) {
			await().atMost(5, TimeUnit.SECONDS).until(() -> !upToDate.bareIds().isEmpty());
			assertThat(upToDate.bareIds()).containsExactly(Long.toString(now));
		}
	}

	@Test
	void streamsWithoutASessionAreBoundedPerClientAddress() {
		String sku = newProductSku(adminToken(), "Crowded", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		List<SseClient> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 20; i++) {
				streams.add(SseClient.stream(port, path));
			}
			Http.Response refused = http().get(path).header("Accept", "text/event-stream").send();
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.code()).isEqualTo("rate_limited");
			assertThat(refused.header("Retry-After")).isPresent();
			// a signed-in stream from the same address is counted by its session instead
			try (SseClient signedIn = SseClient.stream(port, "/api/v1/events", "Authorization",
					bearer(newCustomerToken()))) {
				assertThat(signedIn.ended()).isFalse();
			}
		}
		finally {
			streams.forEach(SseClient::close);
		}
	}

	@Test
	void aLastEventIdThatIsNoNumberIsRefused() {
		String sku = newProductSku(adminToken(), "Bad id", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		Http.Response header = http().get(path).header("Last-Event-ID", "abc").send();
		assertThat(header.status()).isEqualTo(400);
		assertThat(header.json().path("errors").get(0).path("field").asString()).isEqualTo("Last-Event-ID");
		Http.Response parameter = http().get(path + "?lastEventId=-5").send();
		assertThat(parameter.status()).isEqualTo(400);
		assertThat(parameter.json().path("errors").get(0).path("field").asString()).isEqualTo("lastEventId");
	}

	@Test
	void anIdleStreamGetsHeartbeats() {
		String sku = newProductSku(adminToken(), "Quiet", 100);
		try (SseClient stream = SseClient.stream(port, "/api/v1/products/" + productIdOf(sku) + "/events")) {
			assertThat(stream.retry()).isEqualTo(3000);
			await().atMost(10, TimeUnit.SECONDS).until(() -> stream.comments() >= 2);
			assertThat(stream.messages()).isEmpty();
			assertThat(stream.ended()).isFalse();
		}
	}

	@Test
	void signingOutEndsTheStreamAndAnOpenStreamKeepsNoSessionAlive() {
		String token = newCustomerToken();
		String lastSeen = "select last_seen_at from user_sessions where token_hash = sha256(convert_to(?, 'UTF8'))";
		try (SseClient stream = SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token))) {
			jdbc.sql("update user_sessions set last_seen_at = now() - interval '10 minutes' "
					+ "where token_hash = sha256(convert_to(?, 'UTF8'))")
				.param(token)
				.update();
			OffsetDateTime idleSince = jdbc.sql(lastSeen).param(token).query(OffsetDateTime.class).single();
			// several session checks pass; none counts as the session's activity
			await().during(2, TimeUnit.SECONDS)
				.atMost(4, TimeUnit.SECONDS)
				.until(() -> !stream.ended()
						&& jdbc.sql(lastSeen).param(token).query(OffsetDateTime.class).single().equals(idleSince));

			assertThat(http().post("/api/v1/auth/logout").bearer(token).send().status()).isEqualTo(204);
			await().atMost(5, TimeUnit.SECONDS).until(stream::ended);
		}
	}

	@Test
	void aStreamEndsWhenItsSessionExpires() {
		String token = newCustomerToken();
		try (SseClient stream = SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token))) {
			jdbc.sql("update user_sessions set expires_at = now() where token_hash = sha256(convert_to(?, 'UTF8'))")
				.param(token)
				.update();
			await().atMost(5, TimeUnit.SECONDS).until(stream::ended);
		}
	}

	@Test
	void hundredsOfStreamsEachReceiveEveryEventExactlyOnce() throws Exception {
		String sku = newProductSku(adminToken(), "Crowded", 100);
		String path = "/api/v1/products/" + productIdOf(sku) + "/events";
		int count = 300;
		List<SseClient> streams = new ArrayList<>();
		try (ExecutorService opening = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<SseClient>> opened = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				// from 20 addresses, as many clients would be: one address may hold only
				// 20 streams without a session
				String from = "127.0.0." + (10 + i % 20);
				opened.add(opening.submit(() -> SseClient.streamFrom(from, port, path)));
			}
			for (Future<SseClient> stream : opened) {
				streams.add(stream.get(60, TimeUnit.SECONDS));
			}
		}
		try {
			for (int order = 0; order < 5; order++) {
				placeGuestOrder(sku, 1, "crowd@example.com");
			}
			await().atMost(30, TimeUnit.SECONDS).until(() -> streams.stream().allMatch(s -> s.messages().size() >= 5));
			List<Long> ids = streams.getFirst().messages().stream().map(SseClient.Message::eventId).toList();
			for (SseClient stream : streams) {
				assertThat(stream.messages()).extracting(m -> data(m).path("available").asInt())
					.containsExactly(9, 8, 7, 6, 5);
				assertThat(stream.messages()).extracting(SseClient.Message::eventId).isEqualTo(ids);
			}
		}
		finally {
			streams.forEach(SseClient::close);
		}
	}

	@Test
	void aSessionMayHoldOnlyAFewStreams() {
		String token = newCustomerToken();
		List<SseClient> streams = new ArrayList<>();
		try {
			for (int i = 0; i < 10; i++) {
				streams.add(SseClient.stream(port, "/api/v1/events", "Authorization", bearer(token)));
			}
			Http.Response refused = http().get("/api/v1/events").bearer(token).send();
			assertThat(refused.status()).isEqualTo(429);
			assertThat(refused.code()).isEqualTo("rate_limited");
			assertThat(refused.header("Retry-After")).isPresent();
			// another session of someone else is not counted with it
			try (SseClient other = SseClient.stream(port, "/api/v1/events", "Authorization",
					bearer(newCustomerToken()))) {
				assertThat(other.ended()).isFalse();
			}
			// a closed stream makes room once the server notices (at its next heartbeat
			// at the latest)
			streams.removeFirst().close();
			await().atMost(10, TimeUnit.SECONDS).until(() -> {
				SseClient again = SseClient.open(port, "/api/v1/events", "Authorization", bearer(token));
				if (again.status() == 200) {
					streams.add(again);
					return true;
				}
				return false;
			});
		}
		finally {
			streams.forEach(SseClient::close);
		}
	}

}

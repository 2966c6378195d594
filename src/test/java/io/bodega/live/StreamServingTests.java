package io.bodega.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bodega.events.EventFilter;
import io.bodega.events.EventLog;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.RateLimited;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * A stream served without a server, on its own thread as a request would be: how it ends
 * when it falls behind, and how many may be starting at once.
 */
class StreamServingTests {

	private static final Pattern LAST_RETRY = Pattern.compile("retry: (\\d+)\n\n$");

	private final EventLog log = mock(EventLog.class);

	private final LiveProperties properties = new LiveProperties(Duration.ofSeconds(15), 100, 10, 10, 100,
			Duration.ofSeconds(3));

	private final LiveHub hub = new LiveHub(null, JsonMapper.builder().build(), properties);

	private final EventStreamer streamer = new EventStreamer(hub, log, null, properties);

	private static MockHttpServletRequest get() {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/admin/events");
		request.setRemoteAddr("192.0.2.1");
		return request;
	}

	@Test
	void aStreamThatFellBehindEndsWithARandomRetry() throws Exception {
		when(log.bounds()).thenReturn(new EventLog.Bounds(1, 10));
		MockHttpServletResponse response = new MockHttpServletResponse();
		Thread serving = Thread.ofVirtual()
			.start(() -> streamer.serve(get(), response, EventFilter.ALL, StreamBounds.Kind.STAFF,
					new CurrentUser(UUID.randomUUID(), UUID.randomUUID(), "staff@example.com", List.of("admin")), null,
					false));
		await().atMost(5, TimeUnit.SECONDS).until(() -> hub.openStreams() == 1);
		List<LoggedEvent> flood = new ArrayList<>();
		for (long id = 11; id <= 11 + LiveHub.QUEUE; id++) {
			flood.add(new LoggedEvent(id, "order.paid", "order:x", 1, null, null, null, "{}", Instant.now()));
		}
		hub.on(new EventsCommitted(flood));
		assertThat(serving.join(Duration.ofSeconds(5))).as("the stream ended").isTrue();
		Matcher retry = LAST_RETRY.matcher(response.getContentAsString(StandardCharsets.UTF_8));
		assertThat(retry.find()).as("ends with a retry").isTrue();
		assertThat(Long.parseLong(retry.group(1))).isBetween(1_000L, 15_000L);
		assertThat(hub.openStreams()).isZero();
	}

	@Test
	void onlyAFewStreamsStartAtOnceAndTheOthersWaitTheirTurn() throws Exception {
		CountDownLatch slowDatabase = new CountDownLatch(1);
		when(log.bounds()).thenAnswer(invocation -> {
			slowDatabase.await();
			return new EventLog.Bounds(1, 10);
		});
		List<Thread> starting = new ArrayList<>();
		for (int i = 0; i < EventStreamer.OPENING; i++) {
			MockHttpServletRequest request = get();
			request.setRemoteAddr("192.0.2." + (i + 1));
			starting.add(Thread.ofVirtual()
				.start(() -> streamer.serve(request, new MockHttpServletResponse(),
						new EventFilter(Set.of("stock.changed"), null, null, null), StreamBounds.Kind.ANONYMOUS, null,
						5L, false)));
		}
		await().atMost(5, TimeUnit.SECONDS).until(() -> hub.openStreams() == EventStreamer.OPENING);
		AtomicReference<Throwable> refused = new AtomicReference<>();
		Thread another = Thread.ofVirtual().start(() -> {
			try {
				streamer.serve(get(), new MockHttpServletResponse(), EventFilter.ALL, StreamBounds.Kind.ANONYMOUS, null,
						null, false);
			}
			catch (RuntimeException e) {
				refused.set(e);
			}
		});
		try {
			assertThat(another.join(Duration.ofSeconds(10))).as("refused after its wait, not left waiting").isTrue();
			assertThat(refused.get()).isInstanceOf(RateLimited.class);
		}
		finally {
			slowDatabase.countDown();
			hub.stop();
		}
		for (Thread thread : starting) {
			assertThat(thread.join(Duration.ofSeconds(5))).isTrue();
		}
	}

}

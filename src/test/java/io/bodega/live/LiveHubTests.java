package io.bodega.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.bodega.events.EventFilter;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.shared.RateLimited;
import io.bodega.shared.ValidationFailed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hub and a stream's queue without a server: bounds, overflow, shutdown, and the SSE format. */
class LiveHubTests {

	private static LiveHub hub(int maxStreams, int perSession) {
		return new LiveHub(null, new LiveProperties(Duration.ofSeconds(15), maxStreams, perSession,
				Duration.ofSeconds(3)));
	}

	private static LoggedEvent event(long id, String type, UUID customer) {
		return new LoggedEvent(id, type, "cart:" + customer, 1, customer, null, null, "{\"itemCount\":1}",
				Instant.now());
	}

	@Test
	void offersEachStreamOnlyTheEventsItMaySee() throws Exception {
		LiveHub hub = hub(10, 10);
		UUID ann = UUID.randomUUID();
		UUID bob = UUID.randomUUID();
		LiveStream annStream = hub.open(new EventFilter(null, ann, null, null), UUID.randomUUID());
		LiveStream bobStream = hub.open(new EventFilter(null, bob, null, null), UUID.randomUUID());
		hub.on(new EventsCommitted(List.of(event(1, "cart.changed", ann), event(2, "cart.changed", bob),
				event(3, "order.placed", ann))));
		assertThat(annStream.take(Duration.ZERO).events()).extracting(LoggedEvent::id).containsExactly(1L, 3L);
		assertThat(bobStream.take(Duration.ZERO).events()).extracting(LoggedEvent::id).containsExactly(2L);
		assertThat(annStream.take(Duration.ofMillis(1)).events()).as("taken once").isEmpty();
	}

	@Test
	void aStreamThatFallsBehindIsClosedInsteadOfHoldingTheHub() throws Exception {
		LiveHub hub = hub(10, 10);
		UUID customer = UUID.randomUUID();
		LiveStream slow = hub.open(new EventFilter(null, customer, null, null), null);
		LiveStream other = hub.open(new EventFilter(Set.of("order.placed"), null, null, null), null);
		List<LoggedEvent> burst = new ArrayList<>();
		for (int i = 1; i <= LiveHub.QUEUE + 1; i++) {
			burst.add(event(i, "cart.changed", customer));
		}
		hub.on(new EventsCommitted(burst.subList(0, LiveHub.QUEUE)));
		assertThat(slow.isOpen()).isTrue();
		hub.on(new EventsCommitted(burst.subList(LiveHub.QUEUE, LiveHub.QUEUE + 1)));
		assertThat(slow.isOpen()).isFalse();
		assertThat(slow.take(Duration.ofSeconds(1)).ending()).isEqualTo(LiveStream.Ending.OVERFLOW);
		assertThat(other.isOpen()).isTrue();
	}

	@Test
	void boundsTheStreamsOfTheNodeAndOfASession() {
		LiveHub hub = hub(3, 2);
		UUID session = UUID.randomUUID();
		LiveStream first = hub.open(EventFilter.ALL, session);
		hub.open(EventFilter.ALL, session);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, session)).isInstanceOf(RateLimited.class);
		hub.open(EventFilter.ALL, null);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, null)).isInstanceOf(LiveHub.Full.class);
		assertThat(hub.openStreams()).isEqualTo(3);

		hub.release(first);
		assertThat(hub.openStreams()).isEqualTo(2);
		hub.open(EventFilter.ALL, session);
		hub.release(first);
		assertThat(hub.openStreams()).as("released once").isEqualTo(3);
	}

	@Test
	void shuttingDownClosesEveryStreamAndRefusesNewOnes() throws Exception {
		LiveHub hub = hub(10, 10);
		LiveStream stream = hub.open(EventFilter.ALL, null);
		hub.stop();
		assertThat(stream.take(Duration.ofSeconds(1)).ending()).isEqualTo(LiveStream.Ending.SHUTDOWN);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, null)).isInstanceOf(LiveHub.Full.class);
		hub.start();
		assertThat(hub.open(EventFilter.ALL, null).isOpen()).isTrue();
	}

	@Test
	void writesMessagesAsServerSentEvents() {
		assertThat(EventStreamer.frame(42, "order.paid", "{\"a\":1}"))
			.isEqualTo("id: 42\nevent: order.paid\ndata: {\"a\":1}\n\n");
		assertThat(EventStreamer.frame(7, "x", "one\ntwo")).isEqualTo("id: 7\nevent: x\ndata: one\ndata: two\n\n");
	}

	@Test
	void readsLastEventIdFromTheHeaderBeforeTheParameter() {
		assertThat(EventStreamer.lastEventId("12", "3")).isEqualTo(12L);
		assertThat(EventStreamer.lastEventId(null, "3")).isEqualTo(3L);
		assertThat(EventStreamer.lastEventId(null, null)).isNull();
		assertThatThrownBy(() -> EventStreamer.lastEventId("1e3", null)).isInstanceOf(ValidationFailed.class);
		assertThatThrownBy(() -> EventStreamer.lastEventId(null, "-1")).isInstanceOf(ValidationFailed.class);
	}

	@Test
	void staffStreamsTakeKnownTypesButNoCarts() {
		assertThat(LiveController.staffTypes("order.placed, stock.changed")).containsExactlyInAnyOrder("order.placed",
				"stock.changed");
		assertThat(LiveController.staffTypes(null)).doesNotContain("cart.changed").contains("order.paid");
		assertThatThrownBy(() -> LiveController.staffTypes("cart.changed")).isInstanceOf(ValidationFailed.class);
		assertThatThrownBy(() -> LiveController.staffTypes("order.shipped,nope")).isInstanceOf(ValidationFailed.class);
	}
}

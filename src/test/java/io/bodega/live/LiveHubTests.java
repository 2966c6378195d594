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
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hub and a stream's queue without a server: bounds, overflow, shutdown, and the SSE
 * format.
 */
class LiveHubTests {

	private static LiveHub hub(int maxStreams, int perSession) {
		return hub(maxStreams, perSession, 10, 20);
	}

	private static LiveHub hub(int maxStreams, int perSession, int perUser, int perAddress) {
		return new LiveHub(null, JsonMapper.builder().build(), new LiveProperties(Duration.ofSeconds(15), maxStreams,
				perSession, perUser, perAddress, Duration.ofSeconds(3)));
	}

	private static StreamBounds.Holder anonymous(String address) {
		return new StreamBounds.Holder(StreamBounds.Kind.ANONYMOUS, null, null, address);
	}

	/** A customer's stream in a session of their own. */
	private static StreamBounds.Holder signedIn(UUID session) {
		return signedIn(UUID.randomUUID(), session);
	}

	private static StreamBounds.Holder signedIn(UUID user, UUID session) {
		return new StreamBounds.Holder(StreamBounds.Kind.SIGNED_IN, user, session, "192.0.2.1");
	}

	private static StreamBounds.Holder staff(UUID user) {
		return new StreamBounds.Holder(StreamBounds.Kind.STAFF, user, UUID.randomUUID(), "192.0.2.1");
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
		LiveStream annStream = hub.open(new EventFilter(null, ann, null, null), signedIn(UUID.randomUUID()), false);
		LiveStream bobStream = hub.open(new EventFilter(null, bob, null, null), signedIn(UUID.randomUUID()), false);
		hub.on(new EventsCommitted(
				List.of(event(1, "cart.changed", ann), event(2, "cart.changed", bob), event(3, "order.placed", ann))));
		assertThat(annStream.take(Duration.ZERO).events()).extracting(LoggedEvent::id).containsExactly(1L, 3L);
		assertThat(bobStream.take(Duration.ZERO).events()).extracting(LoggedEvent::id).containsExactly(2L);
		assertThat(annStream.take(Duration.ofMillis(1)).events()).as("taken once").isEmpty();
	}

	@Test
	void aStreamThatFallsBehindIsClosedInsteadOfHoldingTheHub() throws Exception {
		LiveHub hub = hub(10, 10);
		UUID customer = UUID.randomUUID();
		LiveStream slow = hub.open(new EventFilter(null, customer, null, null), anonymous("192.0.2.1"), false);
		LiveStream other = hub.open(new EventFilter(Set.of("order.placed"), null, null, null), anonymous("192.0.2.2"),
				false);
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
	void boundsTheStreamsOfTheNodeAndOfASessionAndKeepsOneForTheStaff() {
		LiveHub hub = hub(4, 2);
		UUID user = UUID.randomUUID();
		UUID session = UUID.randomUUID();
		LiveStream first = hub.open(EventFilter.ALL, signedIn(user, session), false);
		hub.open(EventFilter.ALL, signedIn(user, session), false);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, signedIn(user, session), false))
			.isInstanceOf(RateLimited.class)
			.hasMessageContaining("This session");
		hub.open(EventFilter.ALL, anonymous("192.0.2.1"), false);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, signedIn(UUID.randomUUID()), false))
			.as("the fourth is kept for the staff")
			.isInstanceOf(LiveHub.Full.class);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, anonymous("192.0.2.2"), false))
			.isInstanceOf(LiveHub.Full.class);
		LiveStream staff = hub.open(EventFilter.ALL, staff(UUID.randomUUID()), false);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, staff(UUID.randomUUID()), false)).as("the node's own bound")
			.isInstanceOf(LiveHub.Full.class);
		assertThat(hub.openStreams()).isEqualTo(4);

		hub.release(first);
		assertThat(hub.openStreams()).isEqualTo(3);
		hub.open(EventFilter.ALL, signedIn(user, session), false);
		hub.release(first);
		assertThat(hub.openStreams()).as("released once").isEqualTo(4);
		hub.release(staff);
		assertThat(hub.open(EventFilter.ALL, staff(UUID.randomUUID()), false).isOpen()).isTrue();
	}

	@Test
	void boundsTheStreamsOfOneUserAcrossAllTheirSessions() {
		LiveHub hub = hub(100, 2, 3, 20);
		UUID user = UUID.randomUUID();
		UUID[] sessions = { UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID() };
		LiveStream first = hub.open(EventFilter.ALL, signedIn(user, sessions[0]), false);
		hub.open(EventFilter.ALL, signedIn(user, sessions[1]), false);
		hub.open(EventFilter.ALL, staff(user), false);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, signedIn(user, sessions[2]), false))
			.as("a fresh session of the same user")
			.isInstanceOf(RateLimited.class)
			.hasMessageContaining("This account has 3 live streams open");
		assertThat(hub.open(EventFilter.ALL, signedIn(UUID.randomUUID(), sessions[2]), false).isOpen())
			.as("another user")
			.isTrue();
		hub.release(first);
		assertThat(hub.open(EventFilter.ALL, signedIn(user, sessions[2]), false).isOpen()).isTrue();
	}

	@Test
	void keepsATenthOfTheNodeForTheStaffButNeverAllOfIt() {
		assertThat(StreamBounds.staffReserve(40)).isEqualTo(4);
		assertThat(StreamBounds.staffReserve(2_621)).isEqualTo(262);
		assertThat(StreamBounds.staffReserve(4)).isEqualTo(1);
		assertThat(StreamBounds.staffReserve(1)).as("a node of one stream").isZero();
	}

	@Test
	void boundsTheStreamsWithoutASessionPerAddressAndKeepsHalfTheNodeForSignedInOnes() {
		LiveHub hub = hub(10, 10, 10, 2);
		LiveStream first = hub.open(EventFilter.ALL, anonymous("192.0.2.1"), true);
		hub.open(EventFilter.ALL, anonymous("192.0.2.1"), true);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, anonymous("192.0.2.1"), true)).as("a third from one address")
			.isInstanceOf(RateLimited.class);
		assertThat(hub.open(EventFilter.ALL, signedIn(UUID.randomUUID()), false).isOpen())
			.as("a signed-in stream from the same address is counted by its session")
			.isTrue();
		hub.release(first);
		hub.open(EventFilter.ALL, anonymous("192.0.2.1"), true);

		for (int address = 2; address <= 4; address++) {
			hub.open(EventFilter.ALL, anonymous("192.0.2." + address), true);
		}
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, anonymous("192.0.2.9"), true))
			.as("half of the node's ten taken without a session")
			.isInstanceOf(LiveHub.Full.class);
		for (int i = 0; i < 3; i++) {
			assertThat(hub.open(EventFilter.ALL, signedIn(UUID.randomUUID()), false).isOpen()).isTrue();
		}
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, signedIn(UUID.randomUUID()), false))
			.as("the tenth is the staff's")
			.isInstanceOf(LiveHub.Full.class);
		assertThat(hub.open(EventFilter.ALL, staff(UUID.randomUUID()), false).isOpen()).isTrue();
		assertThat(hub.openStreams()).isEqualTo(10);
	}

	@Test
	void theDefaultBoundFitsHalfTheHeap() {
		assertThat(LiveProperties.streamsFor(1L << 30)).isEqualTo(2_621);
		assertThat(LiveProperties.streamsFor(3L << 30) * LiveProperties.HEAP_PER_STREAM).isLessThan(3L << 29);
		assertThat(LiveProperties.streamsFor(16L << 30)).as("never more than Tomcat's connections leave room for")
			.isEqualTo(10_000);
		assertThat(LiveProperties.streamsFor(16L << 20)).as("a floor in a tiny heap").isEqualTo(100);
	}

	@Test
	void showsAProductStreamThePublicViewMadeOnceAndEndsItWhenTheProductIsWithdrawn() throws Exception {
		LiveHub hub = hub(10, 10);
		UUID product = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		EventFilter stock = new EventFilter(Set.of("stock.changed"), null, null, product);
		LiveStream one = hub.open(stock, anonymous("192.0.2.1"), true);
		LiveStream two = hub.open(stock, anonymous("192.0.2.2"), true);
		LiveStream elsewhere = hub.open(new EventFilter(Set.of("stock.changed"), null, null, other),
				anonymous("192.0.2.3"), true);
		LiveStream staff = hub.open(EventFilter.ALL, signedIn(UUID.randomUUID()), false);
		LoggedEvent changed = new LoggedEvent(1, "stock.changed", "sku:A", 1, null, null, product,
				"{\"sku\":\"A\",\"productId\":\"" + product + "\",\"onHand\":9,\"reserved\":2,\"available\":7}",
				Instant.now());
		hub.on(new EventsCommitted(List.of(changed)));
		LoggedEvent shown = one.take(Duration.ZERO).events().getFirst();
		assertThat(shown.data()).isEqualTo("{\"sku\":\"A\",\"productId\":\"" + product + "\",\"available\":7}");
		assertThat(two.take(Duration.ZERO).events().getFirst()).as("made once for all streams").isSameAs(shown);
		assertThat(staff.take(Duration.ZERO).events().getFirst().data()).contains("onHand");

		hub.on(new EventsCommitted(List.of(new LoggedEvent(2, "product.updated", "product:" + product, 2, null, null,
				product, "{\"id\":\"" + product + "\",\"status\":\"archived\"}", Instant.now()))));
		assertThat(one.take(Duration.ZERO).ending()).isEqualTo(LiveStream.Ending.GONE);
		assertThat(two.take(Duration.ZERO).ending()).isEqualTo(LiveStream.Ending.GONE);
		assertThat(elsewhere.isOpen()).isTrue();
		assertThat(staff.isOpen()).isTrue();

		LiveStream active = hub.open(new EventFilter(Set.of("stock.changed"), null, null, other),
				anonymous("192.0.2.5"), true);
		hub.on(new EventsCommitted(List.of(new LoggedEvent(3, "product.updated", "product:" + other, 2, null, null,
				other, "{\"id\":\"" + other + "\",\"status\":\"active\"}", Instant.now()))));
		assertThat(active.isOpen()).as("an update that keeps it public").isTrue();
	}

	@Test
	void shuttingDownClosesEveryStreamAndRefusesNewOnes() throws Exception {
		LiveHub hub = hub(10, 10);
		LiveStream stream = hub.open(EventFilter.ALL, anonymous("192.0.2.1"), false);
		hub.stop();
		assertThat(stream.take(Duration.ofSeconds(1)).ending()).isEqualTo(LiveStream.Ending.SHUTDOWN);
		assertThatThrownBy(() -> hub.open(EventFilter.ALL, anonymous("192.0.2.1"), false))
			.isInstanceOf(LiveHub.ShuttingDown.class);
		hub.start();
		assertThat(hub.open(EventFilter.ALL, anonymous("192.0.2.1"), false).isOpen()).isTrue();
	}

	@Test
	void writesMessagesAsServerSentEvents() {
		assertThat(EventFrames.frame(42, "order.paid", "{\"a\":1}"))
			.isEqualTo("id: 42\nevent: order.paid\ndata: {\"a\":1}\n\n");
		assertThat(EventFrames.frame(7, "x", "one\ntwo")).isEqualTo("id: 7\nevent: x\ndata: one\ndata: two\n\n");
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

package io.bodega.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.bodega.accounts.Accounts;
import io.bodega.catalog.Catalog;
import io.bodega.events.EventFilter;
import io.bodega.events.EventLog;
import io.bodega.events.EventTypes;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.ordering.Ordering;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live module on its own (with {@code shared}; accounts, catalog, ordering and the
 * event log it reads are mocks): the events module's {@link EventsCommitted} reaches each
 * open stream that may see them, and only those.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class LiveModuleTests extends ModuleTest {

	@MockitoBean
	Accounts accounts;

	@MockitoBean
	Catalog catalog;

	@MockitoBean
	Ordering ordering;

	@MockitoBean
	EventLog eventLog;

	@Autowired
	LiveHub hub;

	@Test
	void committedEventsReachTheStreamsOfTheirOrderOnly(Scenario scenario) {
		UUID order = UUID.randomUUID();
		UUID other = UUID.randomUUID();
		LiveStream stream = hub.open(new EventFilter(null, null, order, null),
				new StreamBounds.Holder(StreamBounds.Kind.ANONYMOUS, null, null, "198.51.100.91"), false);
		try {
			scenario.publish(new EventsCommitted(List.of(paid(1, other), paid(2, order))))
				.andWaitForStateChange(() -> taken(stream), events -> !events.isEmpty())
				.andVerify(events -> assertThat(events).extracting(LoggedEvent::id).containsExactly(2L));
		}
		finally {
			hub.release(stream);
		}
	}

	private static LoggedEvent paid(long id, UUID order) {
		return new LoggedEvent(id, EventTypes.ORDER_PAID, "order:" + order, 2, null, order, null,
				"{\"id\":\"" + order + "\",\"status\":\"paid\"}", Instant.now());
	}

	private static List<LoggedEvent> taken(LiveStream stream) {
		try {
			return stream.take(Duration.ofMillis(100)).events();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

}

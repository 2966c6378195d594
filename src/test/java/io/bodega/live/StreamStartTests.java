package io.bodega.live;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.bodega.events.EventFilter;
import io.bodega.events.EventLog;
import io.bodega.events.LoggedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Where a stream starts, against a log whose events 300..500 are kept (those below were
 * purged): from the latest without Last-Event-ID, after it with one, and with a reset
 * when the id is purged, unknown, or too far behind.
 */
class StreamStartTests {

	private final EventLog log = mock(EventLog.class);

	private final EventStreamer streamer = new EventStreamer(null, log, null,
			new LiveProperties(Duration.ofSeconds(15), 10, 10, 10, 20, Duration.ofSeconds(3)));

	@BeforeEach
	void keptFrom300To500() {
		when(log.bounds()).thenReturn(new EventLog.Bounds(300, 500));
		when(log.oldestId()).thenReturn(300L);
	}

	private static List<LoggedEvent> events(long from, int count) {
		List<LoggedEvent> events = new ArrayList<>();
		for (long id = from; id < from + count; id++) {
			events.add(new LoggedEvent(id, "order.paid", "order:x", 1, null, null, null, "{}", Instant.now()));
		}
		return events;
	}

	@Test
	void withoutLastEventIdStartsAtTheLatest() {
		EventStreamer.Start start = streamer.start(EventFilter.ALL, null);
		assertThat(start).isEqualTo(new EventStreamer.Start(500, List.of(), false));
		verify(log, never()).after(anyLong(), any(), anyInt());
	}

	@Test
	void catchesUpAfterAnIdJustBeforeTheOldestKept() {
		when(log.after(299, EventFilter.ALL, EventStreamer.CATCH_UP + 1)).thenReturn(events(300, 3));
		EventStreamer.Start start = streamer.start(EventFilter.ALL, 299L);
		assertThat(start.reset()).isFalse();
		assertThat(start.backlog()).extracting(LoggedEvent::id).containsExactly(300L, 301L, 302L);
		assertThat(start.cursor()).isEqualTo(302);
	}

	@Test
	void withNothingMissedGoesOnFromTheClientsId() {
		when(log.after(450, EventFilter.ALL, EventStreamer.CATCH_UP + 1)).thenReturn(List.of());
		assertThat(streamer.start(EventFilter.ALL, 450L)).isEqualTo(new EventStreamer.Start(450, List.of(), false));
	}

	@Test
	void resetsAClientBehindPurgedEvents() {
		assertThat(streamer.start(EventFilter.ALL, 298L)).isEqualTo(new EventStreamer.Start(500, List.of(), true));
		verify(log, never()).after(anyLong(), any(), anyInt());
	}

	@Test
	void resetsAClientWithAnIdTheLogNeverGaveOut() {
		assertThat(streamer.start(EventFilter.ALL, 501L).reset()).isTrue();
	}

	@Test
	void resetsAClientWithMoreToCatchUpOnThanAThousand() {
		int limit = EventStreamer.CATCH_UP + 1;
		when(log.after(310, EventFilter.ALL, limit)).thenReturn(events(311, EventStreamer.CATCH_UP + 1));
		assertThat(streamer.start(EventFilter.ALL, 310L)).isEqualTo(new EventStreamer.Start(500, List.of(), true));
		when(log.after(320, EventFilter.ALL, limit)).thenReturn(events(321, EventStreamer.CATCH_UP));
		assertThat(streamer.start(EventFilter.ALL, 320L).reset()).as("a thousand is still caught up on").isFalse();
	}

	@Test
	void resetsAClientWhenThePurgeOvertookItWhileItsBacklogWasRead() {
		// the bounds said 300 was kept; the purge then deleted up to 349 before the
		// backlog was read
		when(log.after(299, EventFilter.ALL, EventStreamer.CATCH_UP + 1)).thenReturn(events(350, 3));
		when(log.oldestId()).thenReturn(350L);
		assertThat(streamer.start(EventFilter.ALL, 299L)).isEqualTo(new EventStreamer.Start(500, List.of(), true));
	}

	@Test
	void aPurgeThatStayedBelowTheClientLosesNothing() {
		when(log.after(349, EventFilter.ALL, EventStreamer.CATCH_UP + 1)).thenReturn(events(350, 3));
		when(log.oldestId()).thenReturn(350L);
		EventStreamer.Start start = streamer.start(EventFilter.ALL, 349L);
		assertThat(start.reset()).isFalse();
		assertThat(start.backlog()).hasSize(3);
	}

}

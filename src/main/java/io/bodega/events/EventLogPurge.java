package io.bodega.events;

import java.time.Duration;

import io.bodega.shared.db.Purges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes events older than {@code BODEGA_EVENT_LOG_KEEP} (7 days by default). A live
 * client further behind than that is told to reload instead of resuming. Safe on every
 * node at once.
 */
@Component
class EventLogPurge {

	private final JdbcClient jdbc;

	private final Duration keep;

	EventLogPurge(JdbcClient jdbc, EventLogProperties properties) {
		this.jdbc = jdbc;
		this.keep = properties.keep();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT4M")
	void purge() {
		Purges.delete(jdbc, "event_log", "occurred_at < now() - make_interval(secs => ?)", keep.toSeconds());
	}

}

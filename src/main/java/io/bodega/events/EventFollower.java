package io.bodega.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

import io.bodega.shared.db.ListeningConnections;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import java.time.Duration;

/**
 * Follows the log on this node: whenever another transaction commits events (a
 * {@code NOTIFY} on {@value EventLog#CHANNEL} wakes it, carrying nothing) and at least
 * once a second in any case, it reads the events after the last one it handed over and
 * publishes them as {@link EventsCommitted}. Because ids increase in commit order,
 * reading "after the last one" loses nothing, even across a broken listening connection;
 * the poll covers the time until it is made again.
 */
@Component
class EventFollower implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EventFollower.class);
	static final int BATCH = 1_000;

	/**
	 * How long a wake-up waits for the commits right behind it, so that they are read
	 * together.
	 */
	static final Duration GATHER = Duration.ofMillis(10);

	private final EventLog events;

	private final DataSource dataSource;

	private final ApplicationEventPublisher publisher;

	private volatile boolean running;

	private volatile Thread thread;

	private long handedOver;

	EventFollower(EventLog events, DataSource dataSource, ApplicationEventPublisher publisher) {
		this.events = events;
		this.dataSource = dataSource;
		this.publisher = publisher;
	}

	@Override
	public void start() {
		handedOver = events.latestId();
		running = true;
		thread = Thread.ofVirtual().name("event-follower").start(this::follow);
	}

	@Override
	public void stop() {
		running = false;
		Thread following = thread;
		if (following != null) {
			following.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/**
	 * Stops after the web server's graceful shutdown, not in the first phase: until then
	 * the node still serves requests, whose events its live streams (closed by the live
	 * hub just before) and webhooks are told of. The literal is Spring Boot's
	 * {@code WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE} (deprecated for
	 * removal) minus one.
	 */
	@Override
	public int getPhase() {
		return Integer.MAX_VALUE - 1024 - 1;
	}

	private void follow() {
		while (running) {
			try (Connection connection = ListeningConnections.open(dataSource);
					Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + EventLog.CHANNEL);
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (running) {
					pg.getNotifications(); // the wake-ups already here: the read below
											// covers their commits
					handOver();
					PGNotification[] woken = pg.getNotifications(1_000);
					if (woken != null && woken.length > 0) {
						// Under load a commit arrives every millisecond or so: one read
						// for all those of a short
						// while, rather than one per commit, costs the live streams a few
						// milliseconds at most.
						Thread.sleep(GATHER.toMillis());
					}
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (SQLException | RuntimeException e) {
				if (running) {
					log.warn("Following the event log failed; retrying in a second: {}", e.toString());
					ListeningConnections.pauseBeforeRetry();
				}
			}
		}
	}

	/** Publishes every event after the last one handed over, a batch at a time. */
	private void handOver() {
		List<LoggedEvent> batch;
		do {
			batch = events.after(handedOver, BATCH);
			if (!batch.isEmpty()) {
				handedOver = batch.getLast().id();
				try {
					publisher.publishEvent(new EventsCommitted(batch));
				}
				catch (RuntimeException e) {
					log.warn("A listener of committed events failed", e);
				}
			}
		}
		while (batch.size() == BATCH && running);
	}

}

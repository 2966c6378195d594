package io.bodega.live;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.bodega.accounts.Accounts;
import io.bodega.events.EventFilter;
import io.bodega.events.EventsCommitted;
import io.bodega.shared.RateLimited;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The node's one hub of live streams. It is told of every committed event once ({@link EventsCommitted}, on the event
 * log's own thread) and offers it to each open stream that may see it, never waiting on a client. It bounds the
 * streams a node and a session may hold, ends the streams of sessions that ended, and closes every stream when the
 * node shuts down, so that the graceful shutdown does not wait on them and their clients reconnect elsewhere.
 */
@Component
class LiveHub implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

	/** Events one stream may have queued; a client further behind is closed and resumes from the database. */
	static final int QUEUE = 1_000;

	/** Thrown when the node holds as many streams as it may; answered 503 with Retry-After. */
	static final class Full extends RuntimeException {

		Full(String message) {
			super(message, null, false, false);
		}
	}

	private final Accounts accounts;
	private final int maxStreams;
	private final int maxPerSession;
	private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
	private final Map<UUID, Integer> perSession = new ConcurrentHashMap<>();
	private final AtomicInteger open = new AtomicInteger();
	private volatile boolean accepting = true;

	LiveHub(Accounts accounts, LiveProperties properties) {
		this.accounts = accounts;
		this.maxStreams = properties.maxStreams();
		this.maxPerSession = properties.maxStreamsPerSession();
	}

	/**
	 * Registers a new stream: from now on it is offered every matching event. {@link Full} when the node is at its
	 * bound or shutting down, {@link RateLimited} when the session is at its own.
	 */
	LiveStream open(EventFilter filter, @Nullable UUID sessionId) {
		if (!accepting) {
			throw new Full("This server is shutting down; connect again");
		}
		if (open.incrementAndGet() > maxStreams) {
			open.decrementAndGet();
			throw new Full("This server holds as many live streams as it may; connect again in a moment");
		}
		if (sessionId != null) {
			try {
				perSession.compute(sessionId, (id, count) -> {
					int now = count == null ? 0 : count;
					if (now >= maxPerSession) {
						throw new RateLimited("This session has " + now + " live streams open on this server, as many "
								+ "as it may; close one first", Duration.ofSeconds(5));
					}
					return now + 1;
				});
			}
			catch (RateLimited limited) {
				open.decrementAndGet();
				throw limited;
			}
		}
		LiveStream stream = new LiveStream(filter, sessionId, QUEUE);
		streams.add(stream);
		if (!accepting) {
			// stop() ran meanwhile and may not have seen this one
			stream.close(LiveStream.Ending.SHUTDOWN);
		}
		return stream;
	}

	/** Forgets a stream whose answer has ended. */
	void release(LiveStream stream) {
		stream.close(LiveStream.Ending.DONE);
		if (streams.remove(stream)) {
			open.decrementAndGet();
			if (stream.sessionId() != null) {
				perSession.computeIfPresent(stream.sessionId(), (id, count) -> count <= 1 ? null : count - 1);
			}
		}
	}

	int openStreams() {
		return open.get();
	}

	@EventListener
	void on(EventsCommitted committed) {
		for (LiveStream stream : streams) {
			stream.offer(committed.events());
		}
	}

	/**
	 * Ends the streams whose session ended, on whichever node it was ended: one query for all of them, which does not
	 * count as the sessions' activity.
	 */
	@Scheduled(fixedDelayString = "${bodega.live.session-check}", initialDelayString = "${bodega.live.session-check}")
	void checkSessions() {
		// Only the sessions asked about are judged: a stream opened meanwhile was authenticated just now.
		Set<UUID> sessions = Set.copyOf(perSession.keySet());
		if (sessions.isEmpty()) {
			return;
		}
		Set<UUID> live;
		try {
			live = accounts.liveSessions(sessions);
		}
		catch (RuntimeException e) {
			log.warn("Checking the sessions of live streams failed; checking again shortly: {}", e.toString());
			return;
		}
		for (LiveStream stream : streams) {
			UUID session = stream.sessionId();
			if (session != null && !live.contains(session) && sessions.contains(session)) {
				stream.close(LiveStream.Ending.SESSION_ENDED);
			}
		}
	}

	@Override
	public void start() {
		accepting = true;
	}

	/** Closes every stream, and refuses new ones, as the graceful shutdown begins. */
	@Override
	public void stop() {
		accepting = false;
		int closing = 0;
		for (LiveStream stream : streams) {
			stream.close(LiveStream.Ending.SHUTDOWN);
			closing++;
		}
		if (closing > 0) {
			log.info("Shutting down: closed {} live streams; their clients resume on another node", closing);
		}
	}

	@Override
	public boolean isRunning() {
		return accepting;
	}

	/** After the readiness drain, just before the web server's graceful shutdown waits for running requests. */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}
}

package io.bodega.live;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.bodega.accounts.Accounts;
import io.bodega.events.EventFilter;
import io.bodega.events.EventTypes;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The node's one hub of live streams. It is told of every committed event once
 * ({@link EventsCommitted}, on the event log's own thread) and offers it to each open
 * stream that may see it, never waiting on a client. It bounds the streams of the node
 * and of each holder ({@link StreamBounds}), ends the streams of sessions that ended, and
 * closes every stream when the node shuts down, so that the graceful shutdown does not
 * wait on them and their clients reconnect elsewhere.
 */
@Component
class LiveHub implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(LiveHub.class);

	/**
	 * Events one stream may have queued; a client further behind is closed and resumes
	 * from the database.
	 */
	static final int QUEUE = 1_000;

	/**
	 * Thrown when the node holds as many streams as it may; answered 503 with
	 * Retry-After.
	 */
	static final class Full extends RuntimeException {

		Full(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Thrown when the node is shutting down: answered as a stream that ends at once with
	 * a {@code retry:}, so that a browser's EventSource reconnects by itself, through the
	 * balancer, to another node (it gives up on any answer but 200).
	 */
	static final class ShuttingDown extends RuntimeException {

		ShuttingDown() {
			super("This server is shutting down; connect again", null, false, false);
		}

	}

	private final Accounts accounts;

	private final JsonMapper json;

	private final StreamBounds bounds;

	private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();

	private volatile boolean accepting = true;

	LiveHub(Accounts accounts, JsonMapper json, LiveProperties properties) {
		this.accounts = accounts;
		this.json = json;
		this.bounds = new StreamBounds(properties);
		log.info(
				"Live streams: at most {} on this node, {} of them kept for the staff and {} at most without a "
						+ "session",
				bounds.maxStreams(), bounds.maxStreams() - bounds.maxNotStaff(), bounds.maxAnonymous());
	}

	/**
	 * Registers a new stream: from now on it is offered every matching event.
	 * {@link ShuttingDown} when the node is, {@link Full} when it holds as many streams
	 * as it may (or as many of this kind: see {@link StreamBounds}),
	 * {@link io.bodega.shared.RateLimited} when the user, the session or the address
	 * holds as many as it may.
	 */
	LiveStream open(EventFilter filter, StreamBounds.Holder holder, boolean publicView) {
		if (!accepting) {
			throw new ShuttingDown();
		}
		bounds.admit(holder);
		LiveStream stream = new LiveStream(filter, holder, publicView, QUEUE);
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
			bounds.release(stream.holder());
		}
	}

	int openStreams() {
		return bounds.open();
	}

	/**
	 * Offers the events to every stream. What depends on the event alone is done here
	 * once, not once per stream: the public view of stock changes, made only if a stream
	 * wants it, and which products stopped being public, whose streams end.
	 */
	@EventListener
	void on(EventsCommitted committed) {
		List<LoggedEvent> events = committed.events();
		List<LoggedEvent> shown = null;
		Set<UUID> withdrawn = withdrawnProducts(events);
		for (LiveStream stream : streams) {
			if (stream.publicView()) {
				UUID product = stream.filter().productId();
				if (product != null && withdrawn.contains(product)) {
					stream.close(LiveStream.Ending.GONE);
					continue;
				}
				if (shown == null) {
					shown = events.stream().map(this::publicView).toList();
				}
				stream.offer(shown);
			}
			else {
				stream.offer(events);
			}
		}
	}

	/**
	 * The products that an event among these took out of the public catalog (archived or
	 * made a draft).
	 */
	private Set<UUID> withdrawnProducts(List<LoggedEvent> events) {
		Set<UUID> withdrawn = Set.of();
		for (LoggedEvent event : events) {
			if (EventTypes.PRODUCT_UPDATED.equals(event.type()) && event.productId() != null
					&& !"active".equals(json.readTree(event.data()).path("status").asString())) {
				if (withdrawn.isEmpty()) {
					withdrawn = new HashSet<>();
				}
				withdrawn.add(event.productId());
			}
		}
		return withdrawn;
	}

	/**
	 * An event as the public product shows it: a stock change with the units available,
	 * not those on hand or reserved; any other event as it is (a product stream is
	 * offered stock changes only).
	 */
	LoggedEvent publicView(LoggedEvent event) {
		if (!EventTypes.STOCK_CHANGED.equals(event.type())) {
			return event;
		}
		JsonNode stock = json.readTree(event.data());
		Map<String, Object> shown = new LinkedHashMap<>();
		shown.put("sku", stock.path("sku").asString());
		shown.put("productId", stock.path("productId").asString());
		shown.put("available", stock.path("available").asInt());
		return new LoggedEvent(event.id(), event.type(), event.subject(), event.sequence(), event.customerId(),
				event.orderId(), event.productId(), json.writeValueAsString(shown), event.occurredAt());
	}

	/**
	 * Ends the streams whose session ended, on whichever node it was ended: one query for
	 * all of them, which does not count as the sessions' activity.
	 */
	@Scheduled(fixedDelayString = "${bodega.live.session-check}", initialDelayString = "${bodega.live.session-check}")
	void checkSessions() {
		// Only the sessions asked about are judged: a stream opened meanwhile was
		// authenticated just now.
		Set<UUID> sessions = bounds.sessions();
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

	/**
	 * After the readiness drain, just before the web server's graceful shutdown waits for
	 * running requests.
	 */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

}

package io.bodega.live;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.bodega.accounts.Accounts;
import io.bodega.events.EventFilter;
import io.bodega.events.EventTypes;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.shared.RateLimited;
import org.jspecify.annotations.Nullable;
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

	/**
	 * Thrown when the node is shutting down: answered as a stream that ends at once with a {@code retry:}, so that a
	 * browser's EventSource reconnects by itself, through the balancer, to another node (it gives up on any answer
	 * but 200).
	 */
	static final class ShuttingDown extends RuntimeException {

		ShuttingDown() {
			super("This server is shutting down; connect again", null, false, false);
		}
	}

	private final Accounts accounts;
	private final JsonMapper json;
	private final int maxStreams;
	private final int maxAnonymous;
	private final int maxPerSession;
	private final int maxPerAddress;
	private final Set<LiveStream> streams = ConcurrentHashMap.newKeySet();
	private final Map<UUID, Integer> perSession = new ConcurrentHashMap<>();
	private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();
	private final AtomicInteger open = new AtomicInteger();
	private final AtomicInteger anonymous = new AtomicInteger();
	private volatile boolean accepting = true;

	LiveHub(Accounts accounts, JsonMapper json, LiveProperties properties) {
		this.accounts = accounts;
		this.json = json;
		this.maxStreams = properties.streams();
		// the other half is kept for signed-in streams, so anonymous clients cannot lock the customers and staff out
		this.maxAnonymous = Math.max(1, maxStreams / 2);
		this.maxPerSession = properties.maxStreamsPerSession();
		this.maxPerAddress = properties.maxStreamsPerAddress();
		log.info("Live streams: at most {} on this node, {} of them without a session", maxStreams, maxAnonymous);
	}

	/**
	 * Registers a new stream: from now on it is offered every matching event. A stream has a session or, if not, the
	 * key of its client's address ({@link io.bodega.shared.web.ClientAddress}). {@link ShuttingDown} when the node is,
	 * {@link Full} when it holds as many streams as it may (or as many without a session), {@link RateLimited} when
	 * the session or the address holds as many as it may.
	 */
	LiveStream open(EventFilter filter, @Nullable UUID sessionId, String address, boolean publicView) {
		if (!accepting) {
			throw new ShuttingDown();
		}
		if (open.incrementAndGet() > maxStreams) {
			open.decrementAndGet();
			throw new Full("This server holds as many live streams as it may; connect again in a moment");
		}
		try {
			if (sessionId != null) {
				count(perSession, sessionId, maxPerSession, "This session");
			}
			else {
				if (anonymous.incrementAndGet() > maxAnonymous) {
					anonymous.decrementAndGet();
					throw new Full("This server holds as many live streams without a session as it may; connect "
							+ "again in a moment");
				}
				try {
					count(perAddress, address, maxPerAddress, "This address");
				}
				catch (RuntimeException e) {
					anonymous.decrementAndGet();
					throw e;
				}
			}
		}
		catch (RuntimeException e) {
			open.decrementAndGet();
			throw e;
		}
		LiveStream stream = new LiveStream(filter, sessionId, sessionId == null ? address : null, publicView, QUEUE);
		streams.add(stream);
		if (!accepting) {
			// stop() ran meanwhile and may not have seen this one
			stream.close(LiveStream.Ending.SHUTDOWN);
		}
		return stream;
	}

	private static <K> void count(Map<K, Integer> counts, K key, int max, String who) {
		counts.compute(key, (k, count) -> {
			int now = count == null ? 0 : count;
			if (now >= max) {
				throw new RateLimited(who + " has " + now + " live streams open on this server, as many as it may; "
						+ "close one first", Duration.ofSeconds(5));
			}
			return now + 1;
		});
	}

	/** Forgets a stream whose answer has ended. */
	void release(LiveStream stream) {
		stream.close(LiveStream.Ending.DONE);
		if (streams.remove(stream)) {
			open.decrementAndGet();
			if (stream.sessionId() != null) {
				perSession.computeIfPresent(stream.sessionId(), (id, count) -> count <= 1 ? null : count - 1);
			}
			else {
				anonymous.decrementAndGet();
				perAddress.computeIfPresent(stream.address(), (key, count) -> count <= 1 ? null : count - 1);
			}
		}
	}

	int openStreams() {
		return open.get();
	}

	/**
	 * Offers the events to every stream. What depends on the event alone is done here once, not once per stream: the
	 * public view of stock changes, made only if a stream wants it, and which products stopped being public, whose
	 * streams end.
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

	/** The products that an event among these took out of the public catalog (archived or made a draft). */
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
	 * An event as the public product shows it: a stock change with the units available, not those on hand or
	 * reserved; any other event as it is (a product stream is offered stock changes only).
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

package io.bodega.webhooks.delivery;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

import io.bodega.events.EventFilter;
import io.bodega.events.EventLog;
import io.bodega.events.EventTypes;
import io.bodega.events.EventsCommitted;
import io.bodega.events.LoggedEvent;
import io.bodega.shared.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns the committed event log into deliveries: exactly one per event per endpoint
 * subscribed to its type. Each endpoint has a cursor, the last log id looked at for it; a
 * batch of endpoints is claimed with {@code FOR UPDATE SKIP LOCKED}, so any node may do
 * the work and no two do the same, and an endpoint's deliveries are inserted in the same
 * transaction that moves its cursor (a unique key on endpoint and event backs this up).
 * Log ids increase in commit order, so the cursor never passes over an event that commits
 * later. It runs when the log says events were committed and every second besides.
 */
@Component
public class FanOut implements DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(FanOut.class);

	private static final int ENDPOINTS = 20;

	private static final int EVENTS = 500;

	private static final int ROUNDS = 50;

	private record Subscriber(UUID id, Set<String> types, long cursor) {
	}

	/**
	 * What one batch did: endpoints claimed, deliveries made, endpoints with more events
	 * to read.
	 */
	private record Batch(int endpoints, int made, int behind) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final EventLog eventLog;

	private final Deliveries deliveries;

	private final DeliveryWorker worker;

	private final JsonMapper json;

	private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

	private final AtomicBoolean wakeQueued = new AtomicBoolean();

	private final ReentrantLock running = new ReentrantLock();

	private final AtomicBoolean again = new AtomicBoolean();

	/**
	 * Whether any endpoint was enabled at the last poll; until it is, commits do not wake
	 * the fan-out.
	 */
	private volatile boolean anyEnabled = true;

	FanOut(JdbcClient jdbc, TransactionTemplate tx, EventLog eventLog, Deliveries deliveries, DeliveryWorker worker,
			JsonMapper json) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.eventLog = eventLog;
		this.deliveries = deliveries;
		this.worker = worker;
		this.json = json;
	}

	@EventListener
	void on(EventsCommitted committed) {
		if (anyEnabled && committed.events().stream().anyMatch(event -> EventTypes.WEBHOOK.contains(event.type()))
				&& wakeQueued.compareAndSet(false, true)) {
			background.execute(() -> {
				wakeQueued.set(false);
				run();
			});
		}
	}

	/**
	 * The poll, every second: learns whether any endpoint is enabled (on any node), so
	 * that a shop without webhooks pays nothing per commit, then makes the deliveries
	 * due.
	 */
	@Scheduled(fixedDelayString = "1s", initialDelayString = "2s")
	void poll() {
		try {
			anyEnabled = jdbc.sql("select exists (select 1 from webhook_endpoints where enabled)")
				.query(Boolean.class)
				.single();
		}
		catch (RuntimeException e) {
			anyEnabled = true; // not known: keep waking
		}
		run();
	}

	/**
	 * An endpoint was made or enabled on this node: wake-ups count from now, not from the
	 * next poll.
	 */
	public void endpointsChanged() {
		anyEnabled = true;
	}

	void run() {
		// a call while a run is on makes that run go round once more, so no committed
		// event waits for the next poll
		again.set(true);
		while (again.get() && running.tryLock()) {
			try {
				again.set(false);
				fanOut();
			}
			finally {
				running.unlock();
			}
		}
	}

	private void fanOut() {
		try {
			int made = 0;
			for (int round = 0; round < ROUNDS; round++) {
				Batch batch = tx.execute(status -> fanOutBatch());
				made += batch.made();
				if (batch.endpoints() < ENDPOINTS && batch.behind() == 0) {
					break;
				}
			}
			if (made > 0) {
				worker.wake();
			}
		}
		catch (RuntimeException e) {
			log.warn("Making webhook deliveries from the event log failed; trying again shortly: {}", e.toString());
		}
	}

	private Batch fanOutBatch() {
		long latest = eventLog.latestId();
		List<Subscriber> subscribers = jdbc.sql("""
				select id, event_types, event_cursor from webhook_endpoints
				where enabled and event_cursor < :latest
				order by event_cursor limit :limit
				for update skip locked""")
			.param("latest", latest)
			.param("limit", ENDPOINTS)
			.query((rs, n) -> new Subscriber(rs.getObject(1, UUID.class), Set.of((String[]) rs.getArray(2).getArray()),
					rs.getLong(3)))
			.list();
		int made = 0;
		int behind = 0;
		for (Subscriber subscriber : subscribers) {
			List<LoggedEvent> events = eventLog
				.after(subscriber.cursor(), new EventFilter(subscriber.types(), null, null, null), EVENTS)
				.stream()
				.filter(event -> event.id() <= latest)
				.toList();
			for (LoggedEvent event : events) {
				if (deliveries.insert(subscriber.id(), event.id(), webhookId(event), event.type(), event.subject(),
						body(event), Ids.newId())) {
					made++;
				}
			}
			boolean more = events.size() == EVENTS;
			if (more) {
				behind++;
			}
			jdbc.sql("update webhook_endpoints set event_cursor = :cursor where id = :id")
				.param("cursor", more ? events.getLast().id() : latest)
				.param("id", subscriber.id())
				.update();
		}
		return new Batch(subscribers.size(), made, behind);
	}

	/**
	 * The webhook-id of an event's message: the same for every endpoint, every retry and
	 * every replay.
	 */
	static String webhookId(LoggedEvent event) {
		return "evt_" + event.id();
	}

	/**
	 * The message body, fixed once: {@code type}, {@code timestamp} (when the event
	 * happened) and {@code data}, which carries the event's {@code sequence} within its
	 * subject so a receiver can tell an old message from a newer one. An event whose own
	 * data has a {@code sequence} is a programming error (the two would collide) and
	 * fails loudly.
	 */
	String body(LoggedEvent event) {
		ObjectNode data = (ObjectNode) json.readTree(event.data());
		if (data.has("sequence")) {
			throw new IllegalStateException("The data of " + event.type() + " events has a field named sequence, which "
					+ "webhook messages use for the event's place in its subject: rename the field");
		}
		data.put("sequence", event.sequence());
		ObjectNode body = json.createObjectNode();
		body.put("type", event.type());
		body.put("timestamp", event.occurredAt().toString());
		body.set("data", data);
		return json.writeValueAsString(body);
	}

	@Override
	public void destroy() {
		background.shutdown();
	}

}

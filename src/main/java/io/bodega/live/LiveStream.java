package io.bodega.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import io.bodega.events.EventFilter;
import io.bodega.events.LoggedEvent;
import org.jspecify.annotations.Nullable;

/**
 * One open stream on this node: which events it may see, the session it belongs to (if
 * any), and a bounded queue between the hub, which offers events and must never wait, and
 * the request's thread, which takes them and writes them to the client. A stream whose
 * queue would overflow is closed instead: its client is slower than the events, and it
 * resumes from the database with {@code Last-Event-ID}.
 */
final class LiveStream {

	/** Why a stream was closed by the server. */
	enum Ending {

		/** The client fell behind: its queue was full. */
		OVERFLOW,
		/**
		 * Its session ended (sign-out, expiry, password change, removal from the staff).
		 */
		SESSION_ENDED,
		/**
		 * What it follows is no longer public: its product was archived or made a draft.
		 */
		GONE,
		/** The node is shutting down; the client reconnects to another. */
		SHUTDOWN,
		/** The client went away (a write failed) or the request ended. */
		DONE

	}

	/**
	 * What the request's thread takes at a time: the events queued, or why the stream
	 * ended.
	 */
	record Taken(List<LoggedEvent> events, @Nullable Ending ending) {
	}

	private final EventFilter filter;

	private final StreamBounds.Holder holder;

	private final boolean publicView;

	private final int capacity;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition arrived = lock.newCondition();

	private List<LoggedEvent> queue = new ArrayList<>();

	private @Nullable Ending ending;

	/**
	 * @param holder whose it is, as the node's bounds count it
	 * @param publicView whether it is offered events as the public catalog shows them
	 * ({@link LiveHub#publicView})
	 */
	LiveStream(EventFilter filter, StreamBounds.Holder holder, boolean publicView, int capacity) {
		this.filter = filter;
		this.holder = holder;
		this.publicView = publicView;
		this.capacity = capacity;
	}

	EventFilter filter() {
		return filter;
	}

	StreamBounds.Holder holder() {
		return holder;
	}

	/** The session it belongs to, or null. */
	@Nullable UUID sessionId() {
		return holder.sessionId();
	}

	boolean publicView() {
		return publicView;
	}

	/**
	 * Queues the events this stream may see; closes it instead when they do not fit.
	 * Waits for nothing but a lock.
	 */
	void offer(List<LoggedEvent> events) {
		List<LoggedEvent> matching = null;
		for (LoggedEvent event : events) {
			if (filter.matches(event)) {
				if (matching == null) {
					matching = new ArrayList<>();
				}
				matching.add(event);
			}
		}
		if (matching == null) {
			return;
		}
		lock.lock();
		try {
			if (ending != null) {
				return;
			}
			if (queue.size() + matching.size() > capacity) {
				end(Ending.OVERFLOW);
				return;
			}
			queue.addAll(matching);
			arrived.signal();
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Ends the stream; its thread wakes up and finishes the answer. The first reason
	 * given is kept.
	 */
	void close(Ending why) {
		lock.lock();
		try {
			if (ending == null) {
				end(why);
			}
		}
		finally {
			lock.unlock();
		}
	}

	private void end(Ending why) {
		ending = why;
		queue = List.of();
		arrived.signal();
	}

	boolean isOpen() {
		lock.lock();
		try {
			return ending == null;
		}
		finally {
			lock.unlock();
		}
	}

	/**
	 * Takes every queued event, waiting up to {@code wait} for the first; an empty list
	 * when none came (time for a heartbeat), or the reason the stream ended.
	 */
	Taken take(Duration wait) throws InterruptedException {
		lock.lock();
		try {
			long nanos = wait.toNanos();
			while (ending == null && queue.isEmpty() && nanos > 0) {
				nanos = arrived.awaitNanos(nanos);
			}
			if (ending != null) {
				return new Taken(List.of(), ending);
			}
			List<LoggedEvent> taken = queue;
			queue = taken.isEmpty() ? taken : new ArrayList<>();
			return new Taken(taken, null);
		}
		finally {
			lock.unlock();
		}
	}

}

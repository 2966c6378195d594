package io.bodega.live;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.events.EventFilter;
import io.bodega.events.EventLog;
import io.bodega.events.LoggedEvent;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Admission;
import io.bodega.shared.web.ClientAddress;
import io.bodega.shared.web.problems.Problems;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Serves one stream on its request's own (virtual) thread, from start to end: it
 * registers the stream with the hub first, then catches up from the database after the
 * client's {@code Last-Event-ID}, then writes what the hub queues, skipping what the
 * catch-up already sent. Because the stream is registered before the database is read, an
 * event is either in what was read or offered to the queue afterwards (or both): nothing
 * falls between, and ids that were sent are never sent again.
 * <p>
 * Holding a thread per stream is what virtual threads make cheap; the thread holds no
 * database connection while it waits (each query takes and returns one).
 */
@Component
class EventStreamer {

	/**
	 * A client with more events than this to catch up on is told to reload instead
	 * ({@code event: reset}).
	 */
	static final int CATCH_UP = 1_000;

	/** How long a browser waits before it reconnects a broken stream. */
	static final Duration RETRY = Duration.ofSeconds(3);

	static final String RESET = "reset";

	/**
	 * Streams that may be starting (reading their catch-up) at once on this node; the
	 * others wait their turn.
	 */
	static final int OPENING = 16;

	private final LiveHub hub;

	private final EventLog log;

	private final Problems problems;

	private final Duration heartbeat;

	private final Admission starting = new Admission(OPENING, Duration.ofSeconds(5),
			"Too many live streams are opening at once on this server");

	EventStreamer(LiveHub hub, EventLog log, Problems problems, LiveProperties properties) {
		this.hub = hub;
		this.log = log;
		this.problems = problems;
		this.heartbeat = properties.heartbeat();
	}

	/**
	 * The id after which a stream resumes: the {@code Last-Event-ID} header a browser
	 * sends when it reconnects, else the {@code lastEventId} parameter of a first
	 * connection (browsers cannot set headers); null for neither.
	 */
	static @Nullable Long lastEventId(@Nullable String header, @Nullable String parameter) {
		boolean fromHeader = header != null && !header.isBlank();
		String value = fromHeader ? header.strip() : parameter;
		if (value == null) {
			return null;
		}
		if (!value.matches(LiveController.ID)) {
			throw new ValidationFailed(fromHeader ? "Last-Event-ID" : "lastEventId", LiveController.ID_MESSAGE);
		}
		return Long.parseLong(value);
	}

	/**
	 * Where a stream starts: the events to catch up on and the id they end at, or a reset
	 * to {@code cursor}.
	 */
	record Start(long cursor, List<LoggedEvent> backlog, boolean reset) {
	}

	/**
	 * Decides where a registered stream starts: reading the log now sees everything not
	 * yet offered to it. The purge may delete events while the backlog is read; if the
	 * oldest kept id moved past the client's meanwhile, what was read may lack events it
	 * never saw, and the client is told to reload instead.
	 */
	Start start(EventFilter filter, @Nullable Long lastEventId) {
		EventLog.Bounds bounds = log.bounds();
		long latest = Math.max(bounds.latestId(), bounds.oldestId() - 1);
		if (lastEventId == null) {
			return new Start(latest, List.of(), false);
		}
		// Purged events cannot be caught up on; an id the log never gave out cannot be
		// resumed after.
		if (lastEventId > latest || lastEventId < bounds.oldestId() - 1) {
			return new Start(latest, List.of(), true);
		}
		List<LoggedEvent> backlog = log.after(lastEventId, filter, CATCH_UP + 1);
		if (backlog.size() > CATCH_UP) {
			return new Start(latest, List.of(), true);
		}
		if (log.oldestId() > lastEventId + 1) {
			return new Start(latest, List.of(), true);
		}
		return new Start(backlog.isEmpty() ? lastEventId : backlog.getLast().id(), backlog, false);
	}

	/**
	 * Serves the stream until it ends: the client leaves, its session ends, it falls too
	 * far behind, what it follows is withdrawn, or the node shuts down. A node shutting
	 * down answers a stream that ends at once with a random {@code retry:}, which a
	 * browser follows by itself; refusals for capacity before the first byte are problem
	 * answers: 503 when the node holds all the streams it may (or all it lets this kind
	 * of stream take), 429 from the hub when the user, the session or the client address
	 * does, or when too many streams are opening at once.
	 * @param kind whose stream it is, as the node's bounds count it
	 * ({@link StreamBounds})
	 * @param caller the signed-in caller, or null
	 * @param publicView whether events are shown as the public catalog shows them
	 * ({@link LiveHub#publicView})
	 */
	void serve(HttpServletRequest request, HttpServletResponse response, EventFilter filter, StreamBounds.Kind kind,
			@Nullable CurrentUser caller, @Nullable Long lastEventId, boolean publicView) {
		if ("HEAD".equals(request.getMethod())) {
			// a stream's headers only: nothing to hold open for a body that is never sent
			response.setHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream");
			response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
			return;
		}
		LiveStream stream = open(request, response, filter, kind, caller, publicView);
		if (stream == null) {
			return;
		}
		try {
			// The catch-up reads the database: a burst of reconnecting clients takes
			// turns instead of the whole pool.
			Start start = starting.run(() -> start(filter, lastEventId));
			EventFrames.streamHeaders(response);
			OutputStream out = response.getOutputStream();
			out.write(opening(start, publicView).getBytes(StandardCharsets.UTF_8));
			out.flush();
			LiveStream.Ending ending = relay(stream, out, start.cursor());
			if (ending == LiveStream.Ending.SHUTDOWN || ending == LiveStream.Ending.OVERFLOW) {
				// every client of this node, or every slow one, would otherwise come back
				// in the same instant
				writeRetry(out);
			}
		}
		catch (IOException clientGone) {
			// the client closed the connection: nothing to answer
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
		finally {
			hub.release(stream);
		}
	}

	/**
	 * Registers the stream with the hub, or answers why not and gives null: a random
	 * {@code retry:} from a node shutting down, 503 from a full one. The hub's
	 * {@code RateLimited} is not caught: the problem handler answers it with 429.
	 */
	private @Nullable LiveStream open(HttpServletRequest request, HttpServletResponse response, EventFilter filter,
			StreamBounds.Kind kind, @Nullable CurrentUser caller, boolean publicView) {
		try {
			return hub.open(filter, StreamBounds.Holder.of(kind, caller, ClientAddress.key(request.getRemoteAddr())),
					publicView);
		}
		catch (LiveHub.ShuttingDown shuttingDown) {
			try {
				EventFrames.streamHeaders(response);
				writeRetry(response.getOutputStream());
			}
			catch (IOException clientGone) {
				// nothing to answer
			}
			return null;
		}
		catch (LiveHub.Full full) {
			ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", full.getMessage());
			response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(RETRY.toSeconds()));
			problems.write(request, response, problem);
			return null;
		}
	}

	/**
	 * What a stream opens with: the browser's reconnection delay, then a reset, the id it
	 * resumes from, or the backlog to catch up on.
	 */
	private String opening(Start start, boolean publicView) {
		StringBuilder opening = new StringBuilder("retry: ").append(RETRY.toMillis()).append('\n');
		if (start.reset()) {
			opening.append(EventFrames.frame(start.cursor(), RESET, """
					{"reason":"too_far_behind","detail":"Events were missed: reload what you show"}"""));
		}
		else if (start.backlog().isEmpty()) {
			// Sets the browser's last event id before the first event, so a reconnect
			// resumes from here.
			opening.append("id: ").append(start.cursor()).append("\n\n");
		}
		else {
			// No opening id: each frame carries its own, so a connection cut during the
			// catch-up resumes after the last event the client actually received, not
			// after the end of a backlog it never got.
			for (LoggedEvent event : start.backlog()) {
				LoggedEvent shown = publicView ? hub.publicView(event) : event;
				opening.append(EventFrames.frame(shown.id(), shown.type(), shown.data()));
			}
		}
		return opening.toString();
	}

	private static void writeRetry(OutputStream out) throws IOException {
		out.write(EventFrames.jitteredRetry().getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	/**
	 * Writes what the hub queues, after {@code sent}, and a heartbeat whenever nothing
	 * came for a while, until the stream ends: why it did.
	 */
	private LiveStream.Ending relay(LiveStream stream, OutputStream out, long sent)
			throws IOException, InterruptedException {
		while (true) {
			LiveStream.Taken taken = stream.take(heartbeat);
			if (taken.ending() != null) {
				return taken.ending();
			}
			if (taken.events().isEmpty()) {
				out.write(EventFrames.HEARTBEAT);
			}
			else {
				StringBuilder frames = new StringBuilder();
				for (LoggedEvent event : taken.events()) {
					if (event.id() > sent) {
						frames.append(EventFrames.frame(event.id(), event.type(), event.data()));
						sent = event.id();
					}
				}
				if (frames.isEmpty()) {
					continue;
				}
				out.write(frames.toString().getBytes(StandardCharsets.UTF_8));
			}
			out.flush();
		}
	}

}

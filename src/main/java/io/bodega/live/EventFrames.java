package io.bodega.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;

/**
 * How a stream looks on the wire ({@code text/event-stream}): its headers, its messages,
 * its heartbeat and the reconnection delay a closing node hands out.
 */
final class EventFrames {

	/**
	 * The bounds of the random delay before a client reconnects when its stream is closed
	 * by the node.
	 */
	static final Duration RECONNECT_FROM = Duration.ofSeconds(1);

	static final Duration RECONNECT_UNTIL = Duration.ofSeconds(15);

	/** A comment line: proxies and load balancers see traffic, browsers ignore it. */
	static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.UTF_8);

	private EventFrames() {
	}

	static void streamHeaders(HttpServletResponse response) {
		response.setStatus(HttpServletResponse.SC_OK);
		response.setHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream");
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		// nginx and others buffer answers unless told not to
		response.setHeader("X-Accel-Buffering", "no");
	}

	/**
	 * One SSE message; the data is one JSON line (the log's JSON has no line breaks),
	 * split all the same if not.
	 */
	static String frame(long id, String type, String data) {
		StringBuilder frame = new StringBuilder("id: ").append(id).append("\nevent: ").append(type).append('\n');
		for (String line : data.split("\r\n|\r|\n", -1)) {
			frame.append("data: ").append(line).append('\n');
		}
		return frame.append('\n').toString();
	}

	/**
	 * A {@code retry:} line with a reconnection delay drawn at random, so that the
	 * clients of a closing node spread their reconnects.
	 */
	static String jitteredRetry() {
		long millis = ThreadLocalRandom.current().nextLong(RECONNECT_FROM.toMillis(), RECONNECT_UNTIL.toMillis() + 1);
		return "retry: " + millis + "\n\n";
	}

}

package io.bodega.live;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real streaming client of server-sent events for the tests: java.net.http over its own
 * connection, reading the answer line by line as it arrives (on a virtual thread) and
 * parsing it as a browser's EventSource does: fields {@code id}, {@code event},
 * {@code data} and {@code retry} up to a blank line make a message; a line starting with
 * a colon is a comment (the heartbeat).
 */
final class SseClient implements AutoCloseable {

	/**
	 * One message; {@code lastEventId} as the browser would have it after the message.
	 */
	record Message(String id, String event, String data) {

		long eventId() {
			return Long.parseLong(id);
		}
	}

	private static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final HttpResponse<Stream<String>> response;

	private final List<Message> messages = new CopyOnWriteArrayList<>();

	private final AtomicInteger comments = new AtomicInteger();

	private final List<String> bareIds = new CopyOnWriteArrayList<>();

	private final List<Long> retries = new CopyOnWriteArrayList<>();

	private final Thread reader;

	private volatile String lastEventId = "";

	private volatile Long retry;

	private volatile boolean ended;

	private SseClient(HttpResponse<Stream<String>> response) {
		this.response = response;
		this.reader = response.statusCode() == 200 ? Thread.ofVirtual().name("sse-client").start(this::read) : null;
		if (reader == null) {
			response.body().close();
			ended = true;
		}
	}

	/**
	 * Clients that connect from another loopback address (all of 127.0.0.0/8 is this
	 * machine's), one per address.
	 */
	private static final Map<String, HttpClient> FROM = new ConcurrentHashMap<>();

	/**
	 * Opens a stream from another loopback address, such as 127.0.0.7: a different client
	 * as the server counts.
	 */
	static SseClient streamFrom(String localAddress, int port, String pathAndQuery, String... headers) {
		HttpClient client = FROM.computeIfAbsent(localAddress,
				address -> HttpClient.newBuilder()
					.version(HttpClient.Version.HTTP_1_1)
					.connectTimeout(Duration.ofSeconds(5))
					.localAddress(InetAddress.ofLiteral(address))
					.build());
		return expectStream(open(client, port, pathAndQuery, headers), pathAndQuery);
	}

	/**
	 * Opens a stream; {@code headers} in pairs, such as "Authorization", "Bearer ...".
	 */
	static SseClient open(int port, String pathAndQuery, String... headers) {
		return open(CLIENT, port, pathAndQuery, headers);
	}

	private static SseClient open(HttpClient client, int port, String pathAndQuery, String... headers) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
			.header("Accept", "text/event-stream")
			.GET();
		for (int i = 0; i < headers.length; i += 2) {
			request.header(headers[i], headers[i + 1]);
		}
		try {
			return new SseClient(client.send(request.build(), HttpResponse.BodyHandlers.ofLines()));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	/** Opens a stream and expects it to be answered 200 text/event-stream. */
	static SseClient stream(int port, String pathAndQuery, String... headers) {
		return expectStream(open(port, pathAndQuery, headers), pathAndQuery);
	}

	private static SseClient expectStream(SseClient client, String pathAndQuery) {
		assertThat(client.status()).as("status of " + pathAndQuery).isEqualTo(200);
		assertThat(client.response.headers().firstValue("Content-Type"))
			.hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
		// the stream's first block (retry and the starting id) arrives at once
		await().atMost(5, TimeUnit.SECONDS).until(() -> client.retry != null);
		return client;
	}

	int status() {
		return response.statusCode();
	}

	String header(String name) {
		return response.headers().firstValue(name).orElse(null);
	}

	private void read() {
		String id = null;
		String event = null;
		List<String> data = new ArrayList<>();
		try (Stream<String> lines = response.body()) {
			for (var it = lines.iterator(); it.hasNext();) {
				String line = it.next();
				if (line.isEmpty()) {
					if (id != null) {
						lastEventId = id;
						if (data.isEmpty()) {
							bareIds.add(id);
						}
					}
					if (!data.isEmpty()) {
						messages
							.add(new Message(lastEventId, event == null ? "message" : event, String.join("\n", data)));
					}
					id = null;
					event = null;
					data.clear();
				}
				else if (line.startsWith(":")) {
					comments.incrementAndGet();
				}
				else {
					int colon = line.indexOf(':');
					String field = colon < 0 ? line : line.substring(0, colon);
					String value = colon < 0 ? "" : line.substring(colon + 1);
					if (value.startsWith(" ")) {
						value = value.substring(1);
					}
					switch (field) {
						case "id" -> id = value;
						case "event" -> event = value;
						case "data" -> data.add(value);
						case "retry" -> {
							retry = Long.parseLong(value);
							retries.add(retry);
						}
						default -> {
						}
					}
				}
			}
		}
		catch (RuntimeException e) {
			// closed by this side, or the connection broke
		}
		finally {
			ended = true;
		}
	}

	List<Message> messages() {
		return List.copyOf(messages);
	}

	List<Message> messages(String event) {
		return messages.stream().filter(m -> m.event().equals(event)).toList();
	}

	/** Waits until a message matches, and answers it. */
	Message awaitMessage(Predicate<Message> wanted) {
		await().atMost(15, TimeUnit.SECONDS).until(() -> messages.stream().anyMatch(wanted));
		return messages.stream().filter(wanted).findFirst().orElseThrow();
	}

	/** The id the browser would send in Last-Event-ID on reconnecting now. */
	String lastEventId() {
		return lastEventId;
	}

	Long retry() {
		return retry;
	}

	/** Every {@code retry:} the server sent, in order. */
	List<Long> retries() {
		return List.copyOf(retries);
	}

	/**
	 * The ids that became the last event id without a message: a browser cut off right
	 * after one would resume after it, whatever it had received.
	 */
	List<String> bareIds() {
		return List.copyOf(bareIds);
	}

	int comments() {
		return comments.get();
	}

	/** Whether the server ended the answer (or the connection broke). */
	boolean ended() {
		return ended;
	}

	@Override
	public void close() {
		response.body().close();
		if (reader != null) {
			reader.interrupt();
		}
	}

}

package io.bodega.webhooks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.UncheckedIOException;
import org.awaitility.Awaitility;

/**
 * A real webhook receiver for the tests: the JDK's HTTP server on 127.0.0.1 (which the
 * test profile allows), keeping every request it gets and answering as the test says (200
 * unless told otherwise). Public for the console's tests too.
 */
public final class Receiver implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public record Received(Instant at, Map<String, List<String>> headers, byte[] body) {

		public String header(String name) {
			return headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.map(e -> e.getValue().getFirst())
				.findFirst()
				.orElse(null);
		}

		public String text() {
			return new String(body, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return JSON.readTree(body);
		}
	}

	public record Answer(int status, Map<String, String> headers, String body) {

		public static Answer of(int status) {
			return new Answer(status, Map.of(), "");
		}
	}

	private final HttpServer server;

	private final List<Received> received = new CopyOnWriteArrayList<>();

	private volatile Function<Received, Answer> answers = request -> Answer.of(200);

	private Receiver(HttpServer server) {
		this.server = server;
	}

	public static Receiver start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			Receiver receiver = new Receiver(server);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/", exchange -> {
				try (InputStream in = exchange.getRequestBody()) {
					Received request = new Received(Instant.now(), Map.copyOf(exchange.getRequestHeaders()),
							in.readAllBytes());
					receiver.received.add(request);
					Answer answer = receiver.answers.apply(request);
					answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
					byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
					exchange.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
					if (body.length > 0) {
						try (OutputStream out = exchange.getResponseBody()) {
							out.write(body);
						}
					}
				}
				catch (IOException | RuntimeException e) {
					exchange.sendResponseHeaders(500, -1);
				}
				finally {
					exchange.close();
				}
			});
			server.start();
			return receiver;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
	}

	public void answer(Function<Received, Answer> answers) {
		this.answers = answers;
	}

	public void answerAll(int status) {
		answer(request -> Answer.of(status));
	}

	public List<Received> received() {
		return List.copyOf(received);
	}

	public List<Received> withId(String webhookId) {
		return received.stream().filter(r -> webhookId.equals(r.header("webhook-id"))).toList();
	}

	/** Waits (up to 20 s) until {@code count} requests arrived, and answers them all. */
	public List<Received> await(int count) {
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= count);
		return received();
	}

	@Override
	public void close() {
		server.stop(0);
	}

}

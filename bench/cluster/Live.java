import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A live-update client as a browser's EventSource is one: it follows a server-sent event stream through the balancer,
 * and when the stream ends or breaks it connects again after a short wait, sending the id of the last event it got
 * as Last-Event-ID. Each event is kept with the time it arrived (the driver's clock) and the node that sent it.
 */
final class Live {

	/** One event as the client received it. */
	record Received(long id, String type, String data, double at, String node) {
	}

	/** One connection: the node HAProxy sent it to, its status, when it opened and how it ended. */
	record Connection(String node, int status, double opened, String ended) {
	}

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();
	private final URI target;
	private final Map<String, String> headers;
	final List<Received> received = new CopyOnWriteArrayList<>();
	final List<Connection> connections = new CopyOnWriteArrayList<>();
	private volatile long lastId;
	private volatile boolean running;
	private volatile String node = "";
	private Thread thread;

	Live(URI target, Map<String, String> headers) {
		this.target = target;
		this.headers = headers;
	}

	/** Starts following and waits until the first connection is open (at most 30 s). */
	Live start() {
		running = true;
		thread = Thread.ofVirtual().name("live-client").start(this::follow);
		double deadline = ClusterTest.now() + 30;
		while (connections.stream().noneMatch(c -> c.status() == 200) || node.isEmpty()) {
			if (ClusterTest.now() > deadline) {
				throw new IllegalStateException("the live stream did not open: " + connections);
			}
			ClusterTest.sleep(0.05);
		}
		return this;
	}

	/** The node the current connection is on ("" between connections). */
	String node() {
		return node;
	}

	void stop() throws InterruptedException {
		running = false;
		thread.interrupt();
		thread.join(5_000);
	}

	private void follow() {
		while (running) {
			HttpRequest.Builder request = HttpRequest.newBuilder(target).header("Accept", "text/event-stream");
			headers.forEach(request::header);
			if (lastId > 0) {
				request.header("Last-Event-ID", Long.toString(lastId));
			}
			double opened = ClusterTest.now();
			String ended;
			int status = -1;
			try {
				HttpResponse<java.io.InputStream> response = http.send(request.build(),
						HttpResponse.BodyHandlers.ofInputStream());
				status = response.statusCode();
				String servedBy = response.headers().firstValue("X-Bodega-Node").orElse("?");
				if (status == 200) {
					node = servedBy;
					connections.add(new Connection(servedBy, status, opened, "open"));
					read(response.body(), servedBy);
					ended = "ended";
				}
				else {
					response.body().close();
					ended = "refused";
				}
			}
			catch (Exception e) {
				ended = e.getClass().getSimpleName();
			}
			node = "";
			connections.add(new Connection("", status, opened, ended));
			if (running) {
				// EventSource's default wait before it connects again is a few seconds; the server's retry hint may
				// shorten it. A quarter of a second keeps the scenario short.
				ClusterTest.sleep(0.25);
			}
		}
	}

	private void read(java.io.InputStream body, String servedBy) throws Exception {
		try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
			String id = null;
			String type = "message";
			StringBuilder data = new StringBuilder();
			for (String line = lines.readLine(); line != null && running; line = lines.readLine()) {
				if (line.isEmpty()) {
					if (!data.isEmpty() || id != null) {
						long n = id == null ? lastId : Long.parseLong(id);
						received.add(new Received(n, type, data.toString(), ClusterTest.now(), servedBy));
						lastId = n;
					}
					id = null;
					type = "message";
					data.setLength(0);
				}
				else if (line.startsWith("id:")) {
					id = line.substring(3).strip();
				}
				else if (line.startsWith("event:")) {
					type = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).strip());
				}
			}
		}
	}
}

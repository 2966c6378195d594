// The client of bench/live-streams.sh, run with JDK 25's source launcher: java bench/LiveStreams.java BASE PRODUCT SKU
// TOKEN STREAMS ROUNDS BODEGA_PID JCMD RESULT_FILE. It opens SSE streams to one product's availability
// (GET /api/v1/products/{id}/events) with java.net.http, one virtual thread reading each; measures the server's heap
// after a full GC (jcmd) and its resident memory before and after opening them; then commits one stock change at a time
// (PUT /api/v1/admin/inventory/{sku}) and times how long the event takes to reach every stream. Finally it writes READY
// to RESULT_FILE.ready, keeps the streams open while the script shuts the server down, and counts the streams that end.
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

public class LiveStreams {

	static final HttpClient CLIENT = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(30))
		.build();

	/** One open stream: when each event id arrived (System.nanoTime), and whether the server has ended it. */
	static final class Reader {

		final ConcurrentHashMap<Long, Long> arrivals = new ConcurrentHashMap<>();
		final CountDownLatch started = new CountDownLatch(1);
		volatile boolean ended;

		void read(Stream<String> lines, AtomicInteger endedCount) {
			try (lines) {
				for (var it = lines.iterator(); it.hasNext();) {
					String line = it.next();
					if (line.startsWith("retry:")) {
						started.countDown();
					}
					else if (line.startsWith("id: ")) {
						arrivals.putIfAbsent(Long.parseLong(line.substring(4).strip()), System.nanoTime());
					}
				}
			}
			catch (RuntimeException e) {
				// the connection broke
			}
			finally {
				ended = true;
				endedCount.incrementAndGet();
				started.countDown();
			}
		}
	}

	static String base;
	static String token;
	static String sku;
	static String product;
	static final AtomicInteger ENDED = new AtomicInteger();

	public static void main(String[] args) throws Exception {
		base = args[0];
		product = args[1];
		sku = args[2];
		token = args[3];
		int streams = Integer.parseInt(args[4]);
		int rounds = Integer.parseInt(args[5]);
		String pid = args[6];
		String jcmd = args[7];
		Path result = Path.of(args[8]);
		StringBuilder out = new StringBuilder();

		// Reference in the same run: one stream alone, the same events.
		List<Reader> one = open(1);
		List<Long> alone = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			alone.addAll(deliver(one, 1_000_000 - 1_000 - round));
		}
		close();
		ENDED.set(0);
		Thread.sleep(2_000);

		long heapBefore = heapAfterGc(jcmd, pid);
		long rssBefore = rss(pid);
		long opening = System.nanoTime();
		List<Reader> readers = open(streams);
		double openSeconds = (System.nanoTime() - opening) / 1e9;
		Thread.sleep(2_000);
		long heapAfter = heapAfterGc(jcmd, pid);
		long rssAfter = rss(pid);
		int open = (int) readers.stream().filter(r -> !r.ended).count();
		if (args.length > 9) {
			// what the streams' memory is made of: the classes with the most bytes on the heap
			Files.writeString(Path.of(args[9]), run(jcmd, pid, "GC.class_histogram"));
		}

		List<Long> all = new ArrayList<>();
		List<String> perRound = new ArrayList<>();
		for (int round = 0; round < rounds; round++) {
			List<Long> latencies = deliver(readers, 1_000_000 - round);
			all.addAll(latencies);
			perRound.add(summary(latencies));
			Thread.sleep(1_000);
		}

		out.append("streams_open=").append(open).append('\n');
		out.append("open_seconds=").append(String.format("%.1f", openSeconds)).append('\n');
		out.append("heap_before_kib=").append(heapBefore).append('\n');
		out.append("heap_after_kib=").append(heapAfter).append('\n');
		out.append("rss_before_kib=").append(rssBefore).append('\n');
		out.append("rss_after_kib=").append(rssAfter).append('\n');
		out.append("heap_per_stream_kib=").append(String.format("%.1f", (heapAfter - heapBefore) / (double) open))
			.append('\n');
		out.append("rss_per_stream_kib=").append(String.format("%.1f", (rssAfter - rssBefore) / (double) open))
			.append('\n');
		out.append("one_stream=").append(summary(alone)).append('\n');
		out.append("all_streams=").append(summary(all)).append('\n');
		for (int round = 0; round < perRound.size(); round++) {
			out.append("round_").append(round + 1).append('=').append(perRound.get(round)).append('\n');
		}
		Files.writeString(result, out);

		// The script now stops the server (SIGTERM); every stream should end, not hold the shutdown.
		Files.writeString(Path.of(result + ".ready"), "READY\n");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
		while (ENDED.get() < readers.size() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
		Files.writeString(result, "streams_ended_at_shutdown=" + ENDED.get() + "\n", java.nio.file.StandardOpenOption.APPEND);
		System.exit(0);
	}

	static final List<Stream<String>> BODIES = new ArrayList<>();

	/** Opens streams, at most 200 connecting at once, and waits until each got its first block. */
	static List<Reader> open(int count) throws Exception {
		List<Reader> readers = new ArrayList<>();
		Semaphore connecting = new Semaphore(200);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Reader reader = new Reader();
			readers.add(reader);
			connecting.acquire();
			threads.add(Thread.ofVirtual().start(() -> {
				try {
					HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + product + "/events"))
						.header("Accept", "text/event-stream")
						.build();
					HttpResponse<Stream<String>> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofLines());
					if (response.statusCode() != 200) {
						throw new IllegalStateException("answered " + response.statusCode());
					}
					synchronized (BODIES) {
						BODIES.add(response.body());
					}
					Thread.ofVirtual().start(() -> reader.read(response.body(), ENDED));
					reader.started.await();
				}
				catch (Exception e) {
					System.err.println("A stream failed to open: " + e);
					reader.ended = true;
				}
				finally {
					connecting.release();
				}
			}));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return readers;
	}

	static void close() {
		synchronized (BODIES) {
			BODIES.forEach(Stream::close);
			BODIES.clear();
		}
	}

	/** Commits one stock change and answers, per open stream, how long after the change was sent its event arrived. */
	static List<Long> deliver(List<Reader> readers, int onHand) throws Exception {
		long sent = System.nanoTime();
		HttpResponse<String> changed = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/admin/inventory/" + sku))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.PUT(HttpRequest.BodyPublishers.ofString("{\"onHand\":" + onHand + "}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (changed.statusCode() != 200) {
			throw new IllegalStateException("PUT inventory answered " + changed.statusCode() + ": " + changed.body());
		}
		// the event's id: the newest the first stream has once every stream has one more than before
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		List<Long> latencies = new ArrayList<>();
		for (Reader reader : readers) {
			if (reader.ended) {
				continue;
			}
			while (reader.arrivals.values().stream().noneMatch(at -> at >= sent) && System.nanoTime() < deadline) {
				Thread.sleep(1);
			}
			reader.arrivals.values().stream().filter(at -> at >= sent).min(Long::compare)
				.ifPresent(at -> latencies.add(at - sent));
		}
		return latencies;
	}

	/** count, p50, p95 and max in milliseconds. */
	static String summary(List<Long> nanos) {
		long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
		if (sorted.length == 0) {
			return "none";
		}
		return String.format("n=%d p50=%.1fms p95=%.1fms max=%.1fms", sorted.length, at(sorted, 0.50) / 1e6,
				at(sorted, 0.95) / 1e6, sorted[sorted.length - 1] / 1e6);
	}

	static long at(long[] sorted, double quantile) {
		return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
	}

	static long heapAfterGc(String jcmd, String pid) throws IOException, InterruptedException {
		run(jcmd, pid, "GC.run");
		String info = run(jcmd, pid, "GC.heap_info");
		Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
		if (!used.find()) {
			throw new IllegalStateException("No heap figure in: " + info);
		}
		return Long.parseLong(used.group(1));
	}

	static long rss(String pid) throws IOException {
		return Arrays.stream(Files.readString(Path.of("/proc/" + pid + "/status")).split("\n"))
			.filter(line -> line.startsWith("VmRSS:"))
			.map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")))
			.findFirst()
			.orElseThrow();
	}

	static String run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		process.waitFor();
		return output;
	}
}

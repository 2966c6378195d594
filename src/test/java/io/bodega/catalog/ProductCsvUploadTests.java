package io.bodega.catalog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import io.bodega.testing.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An import's body arriving slowly or not at all, on the server that gives a body 3
 * seconds (bodega.catalog.import-read-deadline): it may not keep the node's one import
 * slot, and a client that goes away is no fault of ours.
 */
class ProductCsvUploadTests extends LockedDownApiTest {

	private static final String IMPORT = "/api/v1/admin/products/import";

	private static final byte[] OTHER = "slug,title,sku,price\nother,Other,OTHER-1,1\n"
		.getBytes(StandardCharsets.UTF_8);

	private static final int LENGTH = 100_000;

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void aTricklingUploadLosesTheImportSlotAtTheDeadline() throws IOException, InterruptedException {
		ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
		byte[] start = "slug,title,sku,price\nslow,Slow,SLOW-1,".getBytes(StandardCharsets.UTF_8);
		AtomicInteger sent = new AtomicInteger(start.length);
		try (Socket slow = open(LENGTH)) {
			OutputStream out = slow.getOutputStream();
			out.write(start);
			out.flush();
			// A digit every 100 ms: each read gets a byte long before the socket's read
			// timeout.
			trickle.scheduleWithFixedDelay(() -> {
				try {
					out.write('1');
					out.flush();
					sent.incrementAndGet();
				}
				catch (IOException closed) {
					throw new IllegalStateException(closed);
				}
			}, 0, 100, TimeUnit.MILLISECONDS);

			await().atMost(Duration.ofSeconds(30)).until(() -> dryRun().status() == 429);
			await().atMost(Duration.ofSeconds(30)).until(() -> dryRun().status() == 200);
			trickle.shutdownNow();
			assertThat(trickle.awaitTermination(10, TimeUnit.SECONDS)).isTrue();

			// The server reads off the rest of the body before it answers (as Tomcat does
			// with any body left unread).
			out.write(("1".repeat(LENGTH - sent.get() - 1) + "\n").getBytes(StandardCharsets.UTF_8));
			out.flush();
			slow.setSoTimeout(30_000);
			String answer = readAnswer(slow.getInputStream());
			assertThat(answer).startsWith("HTTP/1.1 408")
				.contains("\"code\":\"request_timeout\"")
				.contains("BODEGA_IMPORT_READ_DEADLINE");
		}
		finally {
			trickle.shutdownNow();
		}
	}

	@Test
	void aClientThatGoesAwayMidUploadIsNoError() throws IOException {
		try (LogCapture errors = LogCapture.requestErrors(); LogCapture everything = LogCapture.everything()) {
			try (Socket gone = open(100_000)) {
				OutputStream out = gone.getOutputStream();
				out.write("slug,title,sku,price\ngone,Gone,GONE-1,1".getBytes(StandardCharsets.UTF_8));
				out.flush();
				await().atMost(Duration.ofSeconds(30)).until(() -> dryRun().status() == 429);
				// Reset, not a polite close: the server's next read fails.
				gone.setSoLinger(true, 0);
			}

			await().atMost(Duration.ofSeconds(30))
				.until(() -> everything.events()
					.stream()
					.anyMatch(e -> e.contains("Client gone while POST " + IMPORT)));
			assertThat(errors.events()).isEmpty();
			assertThat(dryRun().status()).isEqualTo(200);
		}
	}

	private Socket open(int contentLength) throws IOException {
		Socket socket = new Socket("localhost", port);
		socket.getOutputStream()
			.write(("POST " + IMPORT + "?dryRun=true HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + admin
					+ "\r\nContent-Type: text/csv\r\nContent-Length: " + contentLength
					+ "\r\nConnection: close\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
		return socket;
	}

	/**
	 * The answer's head and its Content-Length of body, without waiting for the
	 * connection to end.
	 */
	private static String readAnswer(InputStream in) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (true) {
			String text = read.toString(StandardCharsets.UTF_8);
			int headEnd = text.indexOf("\r\n\r\n");
			Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(text);
			if (headEnd >= 0 && length.find() && read.size() >= headEnd + 4 + Integer.parseInt(length.group(1))) {
				return text;
			}
			int b = in.read();
			if (b < 0) {
				return text;
			}
			read.write(b);
		}
	}

	private Http.Response dryRun() {
		return http().post(IMPORT + "?dryRun=true").bearer(admin).body("text/csv", OTHER).send();
	}

}

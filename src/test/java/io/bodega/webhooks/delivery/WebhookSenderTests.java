package io.bodega.webhooks.delivery;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.bodega.webhooks.endpoints.AddressPolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.util.Arrays;

/**
 * The sender connects only to addresses its policy checked: a stand-in DNS answers
 * differently on each lookup, as a rebinding attacker's would. A "good" receiver listens
 * on 127.0.0.2 (allowed here), a "bad" socket on 127.0.0.1 (not allowed) on the same
 * port; the name is {@code localhost}, which the system's own lookup would send to
 * 127.0.0.1.
 */
class WebhookSenderTests {

	private static final byte[] BODY = "{\"type\":\"webhook.test\"}".getBytes(StandardCharsets.UTF_8);

	private static final List<String> SECRETS = List.of("whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");

	private HttpServer good;

	private ServerSocket bad;

	private final AtomicInteger goodRequests = new AtomicInteger();

	private int port;

	@BeforeEach
	void listen() throws IOException {
		// the same free port on both addresses
		for (int tries = 0; bad == null; tries++) {
			good = receiver();
			try {
				bad = new ServerSocket();
				bad.bind(new InetSocketAddress("127.0.0.1", good.getAddress().getPort()));
			}
			catch (IOException taken) {
				bad.close();
				bad = null;
				good.stop(0);
				if (tries == 20) {
					throw taken;
				}
			}
		}
		port = good.getAddress().getPort();
		bad.setSoTimeout(300);
	}

	private HttpServer receiver() throws IOException {
		HttpServer good = HttpServer.create(new InetSocketAddress("127.0.0.2", 0), 0);
		good.createContext("/hooks", exchange -> {
			goodRequests.incrementAndGet();
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(204, -1);
			exchange.close();
		});
		good.createContext("/endless", exchange -> {
			exchange.getRequestBody().readAllBytes();
			exchange.sendResponseHeaders(200, 0);
			byte[] chunk = new byte[8192];
			Arrays.fill(chunk, (byte) 'x');
			try (OutputStream out = exchange.getResponseBody()) {
				for (int i = 0; i < 1_000_000; i++) {
					out.write(chunk);
				}
			}
			catch (IOException stopped) {
				// the sender hung up, as it should
			}
		});
		good.start();
		return good;
	}

	@AfterEach
	void close() throws IOException {
		good.stop(0);
		bad.close();
	}

	private static WebhookSender sender(AddressPolicy.Resolver resolver) {
		AddressPolicy policy = AddressPolicy.of(List.of("127.0.0.2/32"));
		policy.resolver(resolver);
		return new WebhookSender(policy);
	}

	/** Answers {@code first} to the first lookup and {@code then} to every later one. */
	private static AddressPolicy.Resolver rebinding(AtomicInteger lookups, String first, String then) {
		return host -> new InetAddress[] { InetAddress.ofLiteral(lookups.incrementAndGet() == 1 ? first : then) };
	}

	@Test
	void connectsToTheAddressItCheckedNotToWhatANewLookupSays() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		WebhookSender sender = sender(rebinding(lookups, "127.0.0.2", "127.0.0.1"));
		try {
			WebhookSender.Outcome outcome = sender.send("http://localhost:" + port + "/hooks", "msg_1", BODY, SECRETS);

			assertThat(outcome.error()).isNull();
			assertThat(outcome.status()).isEqualTo(204);
			assertThat(goodRequests).hasValue(1);
			assertThat(lookups).hasValue(1);
			assertNoConnectionToTheBadAddress();
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void refusesANameThatResolvesToAForbiddenAddressAtSendTimeWithoutConnecting() throws Exception {
		AtomicInteger lookups = new AtomicInteger();
		WebhookSender sender = sender(rebinding(lookups, "127.0.0.2", "127.0.0.1"));
		try {
			// checked when the endpoint was saved: fine then
			sender.policy().check(AddressPolicy.parse("http://localhost:" + port + "/hooks"));

			WebhookSender.Outcome outcome = sender.send("http://localhost:" + port + "/hooks", "msg_1", BODY, SECRETS);

			assertThat(outcome.status()).isNull();
			assertThat(outcome.error()).startsWith("Refused: the URL resolves to an address that is not public")
				.contains("127.0.0.1");
			assertThat(goodRequests).hasValue(0);
			assertNoConnectionToTheBadAddress();
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void readsOnlyTheStartOfAnEndlessAnswer() {
		WebhookSender sender = sender(host -> new InetAddress[] { InetAddress.ofLiteral("127.0.0.2") });
		try {
			long started = System.nanoTime();
			WebhookSender.Outcome outcome = sender.send("http://localhost:" + port + "/endless", "msg_1", BODY,
					SECRETS);

			assertThat(outcome.status()).isEqualTo(200);
			assertThat(outcome.response()).hasSize(WebhookSender.KEPT_BYTES);
			assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
		}
		finally {
			sender.destroy();
		}
	}

	@Test
	void refusesAPlainHttpUrlOutsideTheAllowedNetworks() {
		WebhookSender sender = sender(host -> new InetAddress[] { InetAddress.ofLiteral("93.184.216.34") });
		try {
			WebhookSender.Outcome outcome = sender.send("http://shop-hooks.example/in", "msg_1", BODY, SECRETS);
			assertThat(outcome.error()).isEqualTo("Refused: the URL must be an https URL");
		}
		finally {
			sender.destroy();
		}
	}

	private void assertNoConnectionToTheBadAddress() {
		assertThatThrownBy(() -> bad.accept().close()).isInstanceOf(SocketTimeoutException.class);
	}

}

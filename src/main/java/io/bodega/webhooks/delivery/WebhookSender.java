package io.bodega.webhooks.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.bodega.webhooks.endpoints.AddressPolicy;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends one message as Standard Webhooks 1.0 says: a POST of the JSON body with
 * {@code webhook-id}, {@code webhook-timestamp} (this attempt's) and
 * {@code webhook-signature}. Redirects are not followed (a 3xx is a failure), no proxy is
 * used, the connection must open within {@value #CONNECT_SECONDS} s and the whole
 * attempt, name lookup included, end within {@value #REQUEST_SECONDS} s, and at most
 * {@value #READ_LIMIT} bytes of the answer are read. The client looks names up only
 * through {@link AddressPolicy#addresses}, which refuses a name with any address that may
 * not be sent to and answers exactly the addresses it checked: the address connected to
 * is always one that was checked, however the name's DNS answer changes (DNS rebinding).
 */
@Component
public class WebhookSender implements DisposableBean {

	static final int CONNECT_SECONDS = 5;

	/**
	 * The longest one attempt takes, name lookup, connecting and reading the answer
	 * included.
	 */
	static final int REQUEST_SECONDS = 15;
	static final int READ_LIMIT = 4096;

	/** How much of an answer's body is kept with the attempt. */
	static final int KEPT_BYTES = 1024;

	/**
	 * What one attempt came to: an answer (status and the start of its body) or an error
	 * without one.
	 */
	record Outcome(Instant at, Integer status, long durationMillis, String response, String error,
			Duration retryAfter) {

		boolean succeeded() {
			return status != null && status >= 200 && status < 300;
		}

		boolean gone() {
			return status != null && status == 410;
		}
	}

	/**
	 * The name lookup refused the host's addresses; the message says why, for the
	 * attempt's error.
	 */
	static final class RefusedAddress extends UnknownHostException {

		RefusedAddress(String message) {
			super(message);
		}

	}

	/**
	 * Whether the request being sent on this thread is plain http (then every address
	 * must be allowed).
	 */
	private static final ScopedValue<Boolean> PLAIN_HTTP = ScopedValue.newInstance();

	private final AddressPolicy policy;

	private final CloseableHttpClient client;

	@Autowired
	WebhookSender(WebhookProperties properties) {
		this(AddressPolicy.of(properties.allowedNetworks()));
	}

	WebhookSender(AddressPolicy policy) {
		this.policy = policy;
		DnsResolver checked = new DnsResolver() {
			@Override
			public InetAddress[] resolve(String host) throws UnknownHostException {
				try {
					// unbound only if the client connected outside send(): then the
					// strictest rule
					return policy.addresses(host, PLAIN_HTTP.orElse(true));
				}
				catch (AddressPolicy.Refused refused) {
					throw new RefusedAddress(refused.getMessage());
				}
			}

			@Override
			public String resolveCanonicalHostname(String host) {
				return host;
			}
		};
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDnsResolver(checked)
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(CONNECT_SECONDS))
					.setSocketTimeout(Timeout.ofSeconds(REQUEST_SECONDS))
					// a kept connection goes to an address checked at most this long ago
					.setTimeToLive(TimeValue.ofMinutes(1))
					.build())
				.setMaxConnTotal(200)
				.setMaxConnPerRoute(8)
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setResponseTimeout(Timeout.ofSeconds(REQUEST_SECONDS))
				.setConnectionRequestTimeout(Timeout.ofSeconds(CONNECT_SECONDS))
				.setRedirectsEnabled(false)
				.build())
			.evictIdleConnections(TimeValue.ofSeconds(30))
			.disableRedirectHandling()
			.disableAutomaticRetries()
			.disableCookieManagement()
			.disableAuthCaching()
			.disableContentCompression()
			// straight to the checked address: never a proxy (no system properties are
			// read), which would look the
			// name up again
			.setRoutePlanner(new DefaultRoutePlanner(null))
			.setUserAgent("Bodega-Webhooks/1.0")
			.build();
	}

	public AddressPolicy policy() {
		return policy;
	}

	Outcome send(String url, String webhookId, byte[] body, List<String> secrets) {
		Instant at = Instant.now();
		long started = System.nanoTime();
		URI uri;
		try {
			uri = AddressPolicy.parse(url);
		}
		catch (AddressPolicy.Refused refused) {
			return new Outcome(at, null, millisSince(started), null, "Refused: the URL " + refused.getMessage(), null);
		}
		long timestamp = at.getEpochSecond();
		HttpPost request = new HttpPost(uri);
		request.setHeader("content-type", "application/json");
		request.setHeader("webhook-id", webhookId);
		request.setHeader("webhook-timestamp", Long.toString(timestamp));
		request.setHeader("webhook-signature", Signatures.sign(secrets, webhookId, timestamp, body));
		request.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
		boolean plainHttp = !"https".equalsIgnoreCase(uri.getScheme());
		// the whole attempt is bounded: a virtual thread does it, and is given up on (and
		// its request cancelled)
		FutureTask<Outcome> exchange = new FutureTask<>(
				() -> ScopedValue.where(PLAIN_HTTP, plainHttp).call(() -> exchange(request, at, started)));
		Thread.ofVirtual().name("webhook-send").start(exchange);
		try {
			return exchange.get(REQUEST_SECONDS, TimeUnit.SECONDS);
		}
		catch (TimeoutException e) {
			request.cancel();
			exchange.cancel(true);
			return failed(at, started, "No complete answer within " + REQUEST_SECONDS + " s");
		}
		catch (ExecutionException e) {
			return failed(at, started, describe(e.getCause()));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			request.cancel();
			exchange.cancel(true);
			return failed(at, started, "Interrupted: the node is stopping");
		}
	}

	private Outcome exchange(HttpPost request, Instant at, long started) throws IOException {
		ClassicHttpResponse response = client.executeOpen(null, request, null);
		try {
			byte[] start = new byte[0];
			HttpEntity entity = response.getEntity();
			if (entity != null) {
				try (InputStream in = entity.getContent()) {
					start = in.readNBytes(READ_LIMIT);
					// the rest is not read: the connection is dropped instead of drained
					request.cancel();
				}
				catch (IOException | RuntimeException ignored) {
					// the status is what counts; the body was only kept to be shown
				}
			}
			String kept = new String(start, 0, Math.min(start.length, KEPT_BYTES), StandardCharsets.UTF_8);
			int status = response.getCode();
			Header retryAfterHeader = response.getFirstHeader("retry-after");
			Duration retryAfter = status == 429 || status == 503 ? RetrySchedule
				.retryAfter(retryAfterHeader == null ? null : retryAfterHeader.getValue(), Instant.now()) : null;
			return new Outcome(at, status, millisSince(started), kept, null, retryAfter);
		}
		finally {
			request.cancel();
			try {
				response.close();
			}
			catch (IOException ignored) {
				// the connection is discarded either way
			}
		}
	}

	@Override
	public void destroy() {
		client.close(CloseMode.IMMEDIATE);
	}

	private static Outcome failed(Instant at, long started, String error) {
		return new Outcome(at, null, millisSince(started), null, error, null);
	}

	private static String describe(Throwable cause) {
		return switch (cause) {
			case RefusedAddress refused -> "Refused: the URL " + refused.getMessage();
			case UnknownHostException unknown -> "Could not look up the host: " + unknown.getMessage();
			case ConnectTimeoutException t -> "Could not connect within " + CONNECT_SECONDS + " s";
			case SocketTimeoutException t -> "No answer within " + REQUEST_SECONDS + " s";
			case ConnectException c -> "Could not connect: " + (c.getMessage() == null ? "refused" : c.getMessage());
			case IOException io ->
				"Connection failed: " + (io.getMessage() == null ? io.getClass().getSimpleName() : io.getMessage());
			default -> "Sending failed: " + cause.getClass().getSimpleName();
		};
	}

	private static long millisSince(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

}

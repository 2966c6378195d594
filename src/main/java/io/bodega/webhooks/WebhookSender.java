package io.bodega.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.stereotype.Component;

/**
 * Sends one message as Standard Webhooks 1.0 says: a POST of the JSON body with {@code webhook-id},
 * {@code webhook-timestamp} (this attempt's) and {@code webhook-signature}. Redirects are not followed (a 3xx is a
 * failure), the connection must open within {@value #CONNECT_SECONDS} s and the whole exchange end within
 * {@value #REQUEST_SECONDS} s, and at most {@value #READ_LIMIT} bytes of the answer are read. The address is checked
 * again before every attempt ({@link AddressPolicy}).
 */
@Component
class WebhookSender {

	static final int CONNECT_SECONDS = 5;
	static final int REQUEST_SECONDS = 15;
	static final int READ_LIMIT = 4096;
	/** How much of an answer's body is kept with the attempt. */
	static final int KEPT_BYTES = 1024;

	/** What one attempt came to: an answer (status and the start of its body) or an error without one. */
	record Outcome(Instant at, Integer status, long durationMillis, String response, String error,
			Duration retryAfter) {

		boolean succeeded() {
			return status != null && status >= 200 && status < 300;
		}

		boolean gone() {
			return status != null && status == 410;
		}
	}

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(CONNECT_SECONDS))
		.followRedirects(HttpClient.Redirect.NEVER)
		// straight to the address that was checked, never through a proxy that would resolve the name again
		.proxy(HttpClient.Builder.NO_PROXY)
		.version(HttpClient.Version.HTTP_1_1)
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();
	private final AddressPolicy policy;

	WebhookSender(WebhookProperties properties) {
		this.policy = AddressPolicy.of(properties.allowedNetworks());
	}

	AddressPolicy policy() {
		return policy;
	}

	Outcome send(String url, String webhookId, byte[] body, List<String> secrets) {
		Instant at = Instant.now();
		long started = System.nanoTime();
		URI uri;
		try {
			uri = AddressPolicy.parse(url);
			policy.check(uri);
		}
		catch (AddressPolicy.Refused refused) {
			return new Outcome(at, null, millisSince(started), null, "Refused: the URL " + refused.getMessage(), null);
		}
		long timestamp = at.getEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(uri)
			.timeout(Duration.ofSeconds(REQUEST_SECONDS))
			.header("content-type", "application/json")
			.header("user-agent", "Bodega-Webhooks/1.0")
			.header("webhook-id", webhookId)
			.header("webhook-timestamp", Long.toString(timestamp))
			.header("webhook-signature", Signatures.sign(secrets, webhookId, timestamp, body))
			.POST(HttpRequest.BodyPublishers.ofByteArray(body))
			.build();
		CompletableFuture<HttpResponse<byte[]>> exchange = client.sendAsync(request, info -> new Limited(READ_LIMIT));
		try {
			HttpResponse<byte[]> response = exchange.get(REQUEST_SECONDS, TimeUnit.SECONDS);
			byte[] start = response.body();
			String kept = new String(start, 0, Math.min(start.length, KEPT_BYTES), StandardCharsets.UTF_8);
			Duration retryAfter = response.statusCode() == 429 || response.statusCode() == 503
					? RetrySchedule.retryAfter(response.headers().firstValue("retry-after").orElse(null), Instant.now())
					: null;
			return new Outcome(at, response.statusCode(), millisSince(started), kept, null, retryAfter);
		}
		catch (TimeoutException e) {
			exchange.cancel(true);
			return failed(at, started, "No complete answer within " + REQUEST_SECONDS + " s");
		}
		catch (ExecutionException e) {
			return failed(at, started, describe(e.getCause()));
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			exchange.cancel(true);
			return failed(at, started, "Interrupted: the node is stopping");
		}
	}

	private static Outcome failed(Instant at, long started, String error) {
		return new Outcome(at, null, millisSince(started), null, error, null);
	}

	private static String describe(Throwable cause) {
		return switch (cause) {
			case HttpConnectTimeoutException t -> "Could not connect within " + CONNECT_SECONDS + " s";
			case HttpTimeoutException t -> "No answer within " + REQUEST_SECONDS + " s";
			case ConnectException c -> "Could not connect: " + (c.getMessage() == null ? "refused" : c.getMessage());
			case IOException io -> "Connection failed: " + (io.getMessage() == null ? io.getClass().getSimpleName()
					: io.getMessage());
			default -> "Sending failed: " + cause.getClass().getSimpleName();
		};
	}

	private static long millisSince(long started) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
	}

	/** Keeps the first {@code limit} bytes of a body, then stops reading: a huge or endless answer costs nothing. */
	private static final class Limited implements HttpResponse.BodySubscriber<byte[]> {

		private final int limit;
		private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		private final CompletableFuture<byte[]> result = new CompletableFuture<>();
		private Flow.Subscription subscription;

		Limited(int limit) {
			this.limit = limit;
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return result;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			subscription.request(1);
		}

		@Override
		public void onNext(List<ByteBuffer> items) {
			for (ByteBuffer item : items) {
				int take = Math.min(item.remaining(), limit - bytes.size());
				byte[] chunk = new byte[take];
				item.get(chunk);
				bytes.write(chunk, 0, take);
			}
			if (bytes.size() >= limit) {
				subscription.cancel();
				result.complete(bytes.toByteArray());
			}
			else {
				subscription.request(1);
			}
		}

		@Override
		public void onError(Throwable failure) {
			result.completeExceptionally(failure);
		}

		@Override
		public void onComplete() {
			result.complete(bytes.toByteArray());
		}
	}
}

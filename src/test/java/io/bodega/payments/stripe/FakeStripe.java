package io.bodega.payments.stripe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.stripe.Stripe;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.json.JsonMapper;

import io.bodega.payments.stripe.FakeStripeLedger.Answer;

/**
 * A fake of Stripe's API v1 on 127.0.0.1 and a random port, for the endpoints Bodega
 * calls: form-encoded requests, JSON answers in the shapes of Stripe's API reference,
 * idempotency keys honoured as Stripe does (the same key and parameters replay the first
 * answer with {@code Idempotent-Replayed: true}; the key with other parameters is a 400
 * {@code idempotency_error}), and faults injected into the next calls. It also signs
 * webhooks as Stripe does.
 */
final class FakeStripe implements AutoCloseable {

	static final String SECRET_KEY = "sk_test_bodega_fake";

	record Request(String method, String path, String idempotencyKey, Map<String, String> params) {
	}

	private record Fault(int status, Boolean shouldRetry, Duration hang, boolean afterProcessing) {
	}

	private record Stored(String fingerprint, Answer answer) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FakeStripeLedger ledger = new FakeStripeLedger();

	private final Map<String, Stored> idempotent = new HashMap<>();

	private final ConcurrentLinkedDeque<Fault> faults = new ConcurrentLinkedDeque<>();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger requestIds = new AtomicInteger();

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final HttpServer server;

	private FakeStripe() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		this.server.setExecutor(this.executor);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	static FakeStripe start() throws IOException {
		return new FakeStripe();
	}

	String apiBase() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** The next {@code count} calls answer {@code status}, with or without the header. */
	void failNext(int count, int status, Boolean shouldRetry) {
		for (int i = 0; i < count; i++) {
			this.faults.add(new Fault(status, shouldRetry, null, false));
		}
	}

	/** The next {@code count} calls hang for {@code hang} before anything is done. */
	void hangNext(int count, Duration hang) {
		for (int i = 0; i < count; i++) {
			this.faults.add(new Fault(0, null, hang, false));
		}
	}

	/**
	 * The next call is done, but its answer comes only after {@code hang} (a lost
	 * answer).
	 */
	void loseNextAnswer(Duration hang) {
		this.faults.add(new Fault(0, null, hang, true));
	}

	/** The shopper confirms the intent with a card that succeeds. */
	synchronized void confirm(String intentId) {
		this.ledger.confirm(intentId);
	}

	synchronized int intentCount() {
		return this.ledger.intentCount();
	}

	List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * The {@code Stripe-Signature} header Stripe sends with a webhook.
	 * @param body the exact body
	 * @param secret the endpoint's signing secret
	 * @param timestamp seconds since the epoch
	 * @return {@code t=...,v1=...}
	 */
	static String signature(String body, String secret, long timestamp) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			byte[] digest = mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
			return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An event as Stripe sends it, for the SDK's API version. */
	static String event(String id, String type, Map<String, Object> object) {
		Map<String, Object> event = new TreeMap<>();
		event.put("id", id);
		event.put("object", "event");
		event.put("api_version", Stripe.API_VERSION);
		event.put("created", System.currentTimeMillis() / 1000);
		event.put("livemode", false);
		event.put("pending_webhooks", 1);
		event.put("type", type);
		event.put("data", Map.of("object", object));
		return JSON.writeValueAsString(event);
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			String method = exchange.getRequestMethod();
			String path = exchange.getRequestURI().getPath();
			String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
			Map<String, String> params = form(exchange.getRequestBody());
			this.requests.add(new Request(method, path, key, params));
			Fault fault = this.faults.poll();
			if (fault != null && !fault.afterProcessing()) {
				if (fault.hang() != null) {
					sleep(fault.hang());
				}
				Answer failure = FakeStripeLedger.errorOfType((fault.status() == 0) ? 500 : fault.status(),
						(fault.status() == 429) ? "invalid_request_error" : "api_error",
						(fault.status() == 429) ? "rate_limit" : null, "Injected fault.");
				respond(exchange, failure, fault.shouldRetry(), false);
				return;
			}
			if (!("Bearer " + SECRET_KEY).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
				respond(exchange, FakeStripeLedger.errorOfType(401, "invalid_request_error", null, "Invalid API Key"),
						null, false);
				return;
			}
			Stored stored = answer(method, path, key, params);
			if (fault != null) {
				sleep(fault.hang());
			}
			respond(exchange, stored.answer(), null, stored.fingerprint() == null);
		}
	}

	/**
	 * The answer, replayed when the key was seen (a {@code null} fingerprint marks a
	 * replay).
	 */
	private synchronized Stored answer(String method, String path, String key, Map<String, String> params) {
		if (key == null || !"POST".equals(method)) {
			return new Stored("", route(method, path, params));
		}
		String fingerprint = method + " " + path + " " + new TreeMap<>(params);
		Stored previous = this.idempotent.get(key);
		if (previous == null) {
			Stored first = new Stored(fingerprint, route(method, path, params));
			this.idempotent.put(key, first);
			return first;
		}
		if (!previous.fingerprint().equals(fingerprint)) {
			return new Stored("", FakeStripeLedger.errorOfType(400, "idempotency_error", "idempotency_key_in_use",
					"Keys for idempotent requests can only be used with the same parameters they were first used with."));
		}
		return new Stored(null, previous.answer());
	}

	private Answer route(String method, String path, Map<String, String> params) {
		String[] parts = path.split("/");
		boolean post = "POST".equals(method);
		if (parts.length >= 3 && "payment_intents".equals(parts[2])) {
			if (parts.length == 3 && post) {
				return this.ledger.createIntent(params);
			}
			if (parts.length == 4 && !post) {
				return this.ledger.retrieveIntent(parts[3]);
			}
			if (parts.length == 5 && post && "capture".equals(parts[4])) {
				return this.ledger.capture(parts[3], params);
			}
			if (parts.length == 5 && post && "cancel".equals(parts[4])) {
				return this.ledger.cancel(parts[3], params);
			}
		}
		if (parts.length >= 3 && "refunds".equals(parts[2])) {
			if (parts.length == 3 && post) {
				return this.ledger.createRefund(params);
			}
			if (parts.length == 4 && !post) {
				return this.ledger.retrieveRefund(parts[3]);
			}
		}
		return FakeStripeLedger.error(404, "resource_missing",
				"Unrecognized request URL (" + method + " " + path + ")");
	}

	private void respond(HttpExchange exchange, Answer answer, Boolean shouldRetry, boolean replayed)
			throws IOException {
		byte[] body = JSON.writeValueAsBytes(answer.body());
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.getResponseHeaders().set("Request-Id", "req_" + this.requestIds.incrementAndGet());
		if (shouldRetry != null) {
			exchange.getResponseHeaders().set("Stripe-Should-Retry", shouldRetry.toString());
		}
		if (replayed) {
			exchange.getResponseHeaders().set("Idempotent-Replayed", "true");
		}
		exchange.sendResponseHeaders(answer.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	private static Map<String, String> form(InputStream in) throws IOException {
		String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		Map<String, String> params = new HashMap<>();
		for (String pair : body.split("&")) {
			if (!pair.isEmpty()) {
				int equals = pair.indexOf('=');
				String name = (equals < 0) ? pair : pair.substring(0, equals);
				String value = (equals < 0) ? "" : pair.substring(equals + 1);
				params.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
						URLDecoder.decode(value, StandardCharsets.UTF_8));
			}
		}
		return params;
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}

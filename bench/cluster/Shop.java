import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Bodega's public API as a shopper and an admin use it (API.md): sign in, stock a product, fill a guest cart, check
 * out with an Idempotency-Key, pay with the test card. Every call answers an {@link Answer}, never throws: a
 * connection that failed or timed out is status -1, so the scenarios can count what clients saw.
 */
final class Shop {

	/** The body every checkout sends, apart from its cart and e-mail. */
	private static final Map<String, String> ADDRESS = Map.of("name", "Cluster Buyer", "line1", "Main St 1",
			"city", "Berlin", "postalCode", "10115", "country", "DE");

	static final JsonMapper JSON = JsonMapper.builder().build();

	/** One HTTP exchange as the client saw it; times are seconds on the driver's clock ({@link ClusterTest#now}). */
	record Answer(int status, String body, Headers headers, double started, double ended, String error) {

		double seconds() {
			return ended - started;
		}

		JsonNode json() {
			try {
				return JSON.readTree(body);
			}
			catch (RuntimeException e) {
				return JSON.missingNode();
			}
		}

		/** The problem's {@code code}, or "" when the answer is no problem. */
		String code() {
			return status >= 400 && body != null && body.startsWith("{") ? json().path("code").asString("") : "";
		}

		/** The node HAProxy sent the request to (its X-Bodega-Node header), or "" when it answered itself. */
		String servedBy() {
			return headers.first("X-Bodega-Node");
		}

		boolean replayed() {
			return "true".equals(headers.first("Idempotent-Replayed"));
		}

		boolean hasRetryAfter() {
			return !headers.first("Retry-After").isEmpty();
		}

		boolean isProblem() {
			return headers.first("Content-Type").startsWith("application/problem+json");
		}

		@Override
		public String toString() {
			return status < 0 ? error : status + (code().isEmpty() ? "" : " " + code());
		}
	}

	/** Response headers, or none for a connection that failed. */
	record Headers(java.net.http.HttpHeaders headers) {

		String first(String name) {
			return headers == null ? "" : headers.firstValue(name).orElse("");
		}
	}

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.executor(Executors.newVirtualThreadPerTaskExecutor())
		.build();

	private volatile String adminToken;

	// ---- admin

	void signInAdmin(URI node) {
		Answer login = send(node, "POST", "/api/v1/auth/login",
				Map.of("email", Cluster.ADMIN_EMAIL, "password", Cluster.ADMIN_PASSWORD), Map.of(), Duration.ofSeconds(30));
		require(login, 200, "admin sign-in");
		adminToken = login.json().path("token").asString();
	}

	/** An active product with one variant per SKU, each with its stock. */
	void createProduct(URI node, String title, Map<String, Integer> stockBySku) {
		List<Map<String, Object>> variants = stockBySku.entrySet().stream()
			.map(e -> Map.<String, Object>of("sku", e.getKey(), "title", e.getKey(),
					"price", Map.of("amount", 1999, "currency", "EUR"), "stock", e.getValue()))
			.toList();
		Answer created = send(node, "POST", "/api/v1/admin/products",
				Map.of("title", title, "status", "active", "variants", variants), admin(), Duration.ofSeconds(30));
		require(created, 201, "creating product " + title);
	}

	/** The SKU's stock level as the admin API tells it: {onHand, reserved, available}. */
	JsonNode stock(URI node, String sku) {
		Answer level = send(node, "GET", "/api/v1/admin/inventory/" + sku, null, admin(), Duration.ofSeconds(30));
		require(level, 200, "stock of " + sku);
		return level.json();
	}

	Map<String, String> admin() {
		return Map.of("Authorization", "Bearer " + adminToken);
	}

	// ---- shopping

	Answer newCart(URI node) {
		return send(node, "POST", "/api/v1/carts", null, Map.of(), Duration.ofSeconds(30));
	}

	Answer addItem(URI node, String cartId, String sku, int quantity) {
		return send(node, "POST", "/api/v1/carts/" + cartId + "/items", Map.of("sku", sku, "quantity", quantity),
				Map.of(), Duration.ofSeconds(30));
	}

	/**
	 * A fresh guest cart holding one unit of each SKU, or null when a step failed; {@code seen} is told every answer.
	 * Adding to a cart is not idempotent (a retry after a lost answer would add a second unit), so the caller throws a
	 * failed cart away and starts a new one rather than retrying a step.
	 */
	String cartWith(URI node, List<String> skus, Consumer<Answer> seen) {
		Answer cart = newCart(node);
		seen.accept(cart);
		if (cart.status() != 201) {
			return null;
		}
		String id = cart.json().path("id").asString();
		for (String sku : skus) {
			Answer added = addItem(node, id, sku, 1);
			seen.accept(added);
			if (added.status() != 200) {
				return null;
			}
		}
		return id;
	}

	/** The checkout request's body: the same bytes for the same cart and e-mail, as a retry must send. */
	static String checkoutBody(String cartId, String email) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("cartId", cartId);
		body.put("email", email);
		body.put("shippingAddress", new java.util.TreeMap<>(ADDRESS));
		return JSON.writeValueAsString(body);
	}

	Answer checkout(URI node, String body, String idempotencyKey, Duration timeout) {
		return send(node, "POST", "/api/v1/orders", body, Map.of("Idempotency-Key", idempotencyKey), timeout);
	}

	Answer pay(URI node, String orderId, String orderToken, String idempotencyKey, Duration timeout) {
		return send(node, "POST", "/api/v1/orders/" + orderId + "/payments?token=" + orderToken,
				Map.of("method", "test_card", "cardNumber", "4242424242424242"),
				Map.of("Idempotency-Key", idempotencyKey), timeout);
	}

	Answer get(URI node, String path, Duration timeout) {
		return send(node, "GET", path, null, Map.of(), timeout);
	}

	// ---- HTTP

	/** Sends a request; {@code body} is a JSON string or an object to write as JSON. */
	Answer send(URI node, String method, String path, Object body, Map<String, String> headers, Duration timeout) {
		HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path)).timeout(timeout);
		headers.forEach(request::header);
		if (body == null) {
			request.method(method, HttpRequest.BodyPublishers.noBody());
		}
		else {
			String json = body instanceof String s ? s : JSON.writeValueAsString(body);
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		double started = ClusterTest.now();
		try {
			HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			return new Answer(response.statusCode(), response.body(), new Headers(response.headers()),
					started, ClusterTest.now(), null);
		}
		catch (HttpTimeoutException e) {
			return new Answer(-1, null, new Headers(null), started, ClusterTest.now(),
					"timeout after " + timeout.toSeconds() + " s");
		}
		catch (IOException e) {
			return new Answer(-1, null, new Headers(null), started, ClusterTest.now(),
					"connection failed (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": "
							+ e.getMessage()) + ")");
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Answer(-1, null, new Headers(null), started, ClusterTest.now(), "interrupted");
		}
	}

	private static void require(Answer answer, int status, String what) {
		if (answer.status() != status) {
			throw new IllegalStateException(what + " answered " + answer.status() + " " + answer.body());
		}
	}
}

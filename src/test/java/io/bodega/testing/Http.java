package io.bodega.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP client for end-to-end tests: real requests over a socket to the running
 * server, nothing mocked. Requests are built fluently; answers keep status, headers and
 * the parsed JSON body.
 */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final HttpClient CLIENT = client(null);

	private static final Map<String, HttpClient> FROM = new ConcurrentHashMap<>();

	private final String base;

	private final HttpClient client;

	public Http(int port) {
		this.base = "http://localhost:" + port;
		this.client = CLIENT;
	}

	/**
	 * Requests that come from {@code clientAddress}, a loopback address such as
	 * {@code 127.0.0.7}.
	 */
	public Http(int port, String clientAddress) {
		this.base = "http://127.0.0.1:" + port;
		this.client = FROM.computeIfAbsent(clientAddress, Http::client);
	}

	private static HttpClient client(String localAddress) {
		HttpClient.Builder builder = HttpClient.newBuilder()
			.connectTimeout(Duration.ofSeconds(5))
			.followRedirects(HttpClient.Redirect.NEVER);
		if (localAddress != null) {
			builder.localAddress(InetAddress.ofLiteral(localAddress));
		}
		return builder.build();
	}

	public Request get(String path) {
		return new Request("GET", path);
	}

	public Request post(String path) {
		return new Request("POST", path);
	}

	public Request put(String path) {
		return new Request("PUT", path);
	}

	public Request patch(String path) {
		return new Request("PATCH", path);
	}

	public Request delete(String path) {
		return new Request("DELETE", path);
	}

	public Request method(String method, String path) {
		return new Request(method, path);
	}

	public static String json(Object value) {
		return JSON.writeValueAsString(value);
	}

	public final class Request {

		private final String method;

		private final String path;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

		private Request(String method, String path) {
			this.method = method;
			this.path = path;
		}

		public Request header(String name, String value) {
			headers.put(name, value);
			return this;
		}

		public Request bearer(String token) {
			return header("Authorization", "Bearer " + token);
		}

		public Request cookie(String token) {
			return header("Cookie", "bodega_session=" + token);
		}

		/** A JSON body: a string is sent as is, anything else is serialized. */
		public Request json(Object value) {
			headers.putIfAbsent("Content-Type", "application/json");
			String text = value instanceof String s ? s : JSON.writeValueAsString(value);
			body = HttpRequest.BodyPublishers.ofString(text);
			return this;
		}

		public Request body(String contentType, byte[] bytes) {
			headers.put("Content-Type", contentType);
			body = HttpRequest.BodyPublishers.ofByteArray(bytes);
			return this;
		}

		/** A body of unknown length, so it travels chunked without Content-Length. */
		public Request chunked(String contentType, byte[] bytes) {
			headers.put("Content-Type", contentType);
			body = HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
			return this;
		}

		public Response send() {
			HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
				.timeout(Duration.ofSeconds(60))
				.method(method, body);
			headers.forEach(builder::header);
			try {
				HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
				Response answer = new Response(response.statusCode(), response.headers().map(), response.body());
				ApiDocumentCheck.check(base, method, path, answer);
				return answer;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}

	}

	public record Response(int status, Map<String, List<String>> headers, byte[] raw) {

		public JsonNode json() {
			return JSON.readTree(raw);
		}

		public String text() {
			return new String(raw, StandardCharsets.UTF_8);
		}

		public Optional<String> header(String name) {
			return headers.entrySet()
				.stream()
				.filter(e -> e.getKey().equalsIgnoreCase(name))
				.flatMap(e -> e.getValue().stream())
				.findFirst();
		}

		public String code() {
			return json().path("code").asString();
		}

		@Override
		public String toString() {
			return status + " " + text();
		}
	}

}

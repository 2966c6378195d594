package io.bodega.shared.web.openapi;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.sun.net.httpserver.HttpServer;
import io.bodega.testing.ApiDocumentCheck;
import io.bodega.testing.ApiTest;
import io.bodega.testing.CheckedHttpClient;
import io.bodega.testing.Http;
import io.bodega.testing.RawHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAPI document: the copy in the repository is what the server serves (so every
 * API change shows up in review, and the generated client is built from it), and every
 * operation is described the way a frontend developer needs. That answers match it is
 * checked on every answer of every test ({@code ApiDocumentCheck}).
 */
class ApiDocumentTests extends ApiTest {

	/**
	 * The published copy; {@code ./mvnw verify -Dbodega.openapi.write=true} rewrites it
	 * from the server.
	 */
	static final Path COMMITTED = Path.of("docs/openapi.json");

	@Test
	void theCommittedDocumentIsWhatTheServerServes() throws IOException {
		var docs = http().get("/v3/api-docs").send();
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		String served = docs.text() + "\n";
		if (Boolean.getBoolean("bodega.openapi.write")) {
			Files.writeString(COMMITTED, served, StandardCharsets.UTF_8);
		}
		assertThat(Files.exists(COMMITTED)).as(COMMITTED + " is missing").isTrue();
		assertThat(Files.readString(COMMITTED, StandardCharsets.UTF_8))
			.as(COMMITTED + " is not what the server serves: run ./mvnw verify -Dbodega.openapi.write=true, then "
					+ "review and commit the change")
			.isEqualTo(served);
	}

	/**
	 * The check every test's answers go through fails on each kind of lie, so it can
	 * catch one.
	 */
	@Test
	void theCheckOfEveryAnswerFailsOnAnswersThatBreakTheDocument() {
		String base = "http://localhost:" + port;
		Map<String, List<String>> headers = Map.of("Content-Type", List.of("application/json"), "X-Request-Id",
				List.of("abc"));
		String category = "{\"items\":[{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"slug\":\"shoes\","
				+ "\"name\":\"Shoes\",\"parentId\":null}],\"nextCursor\":null}";
		ApiDocumentCheck.check(base, "GET", "/api/v1/categories", answer(200, headers, category));

		assertThat(breaks(base, answer(200, headers, category.replace("\"Shoes\"", "null"))))
			.as("null where the document says string")
			.contains("null found, string expected");
		assertThat(breaks(base, answer(200, headers, category.replace(",\"parentId\":null", ""))))
			.as("a required field left out")
			.contains("parentId");
		assertThat(breaks(base,
				answer(200, headers, category.replace("\"nextCursor\"", "\"colour\":\"red\",\"nextCursor\""))))
			.as("a field the document does not have")
			.contains("colour");
		assertThatThrownBy(
				() -> ApiDocumentCheck.check(base, "GET", "/api/v1/undocumented", answer(200, headers, "{}")))
			.as("a success on a path the document does not have")
			.isInstanceOf(AssertionError.class);
		ApiDocumentCheck.check(base, "GET", "/api/v1/undocumented", answer(404, headers, "{}"));
		assertThat(breaks(base, answer(418, headers, category))).as("a status the operation does not declare")
			.contains("418");
		assertThat(breaks(base, answer(200, Map.of("Content-Type", List.of("application/json")), category)))
			.as("a declared header missing")
			.contains("X-Request-Id");
		assertThat(breaks(base,
				answer(200, Map.of("Content-Type", List.of("text/plain"), "X-Request-Id", List.of("abc")), category)))
			.as("another content type")
			.contains("text/plain");
	}

	/**
	 * Answers that do not come through {@link Http} are checked too: those the generated
	 * client gets ({@link CheckedHttpClient}) and those read from a raw socket
	 * ({@link RawHttp}). A stand-in server that publishes the real document but answers
	 * the category list with a field the document lacks makes both fail.
	 */
	@Test
	void answersToTheGeneratedClientAndToRawRequestsAreCheckedToo() throws Exception {
		byte[] document = http().get("/v3/api-docs").send().raw();
		HttpServer liar = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		liar.createContext("/", exchange -> {
			boolean docs = exchange.getRequestURI().getPath().equals("/v3/api-docs");
			byte[] body = docs ? document
					: "{\"items\":[],\"nextCursor\":null,\"colour\":\"red\"}".getBytes(StandardCharsets.UTF_8);
			exchange.getResponseHeaders().set("Content-Type", "application/json");
			exchange.getResponseHeaders().set("X-Request-Id", "abc");
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		liar.start();
		try {
			int liarPort = liar.getAddress().getPort();
			String liarBase = "http://127.0.0.1:" + liarPort;
			try (HttpClient client = new CheckedHttpClient(HttpClient.newHttpClient(), liarBase)) {
				HttpRequest request = HttpRequest.newBuilder(URI.create(liarBase + "/api/v1/categories")).build();
				assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofInputStream()))
					.as("the generated client's answers are checked")
					.isInstanceOf(AssertionError.class)
					.hasMessageContaining("colour");
			}
			assertThatThrownBy(() -> RawHttp.send(liarPort,
					"GET /api/v1/categories HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
				.as("raw answers are checked")
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("colour");
			assertThatThrownBy(() -> RawHttp.send(liarPort,
					"BREW /api/v1/categories HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"))
				.as("a method the document cannot have may only be refused")
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("not refused");
		}
		finally {
			liar.stop(0);
		}
	}

	private static Http.Response answer(int status, Map<String, List<String>> headers, String body) {
		return new Http.Response(status, headers, body.getBytes(StandardCharsets.UTF_8));
	}

	private static String breaks(String base, Http.Response answer) {
		try {
			ApiDocumentCheck.check(base, "GET", "/api/v1/categories", answer);
		}
		catch (AssertionError e) {
			return e.getMessage();
		}
		throw new AssertionError("The check let this answer pass: " + answer);
	}

	@Test
	void everyOperationHasAnIdASummaryATagItsSecurityAndExamples() {
		var docs = http().get("/v3/api-docs").send();
		assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
		JsonNode document = docs.json();
		Set<String> ids = new HashSet<>();
		List<String> wrong = new ArrayList<>();
		for (var path : document.path("paths").properties()) {
			for (var entry : path.getValue().properties()) {
				String where = entry.getKey().toUpperCase() + " " + path.getKey();
				JsonNode operation = entry.getValue();
				String id = operation.path("operationId").asString();
				if (!id.matches("[a-z][A-Za-z]+") || !ids.add(id)) {
					wrong.add(where + ": operationId '" + id + "' is missing, generated or not unique");
				}
				if (operation.path("summary").asString().isBlank() || operation.path("tags").size() != 1) {
					wrong.add(where + ": needs a summary and one tag");
				}
				if (operation.path("responses").propertyNames().stream().noneMatch(status -> status.startsWith("2"))) {
					wrong.add(where + ": no success answer");
				}
				if (!operation.has("security")) {
					wrong.add(where + ": says nothing of who may call it");
				}
				for (var declared : operation.path("responses").properties()) {
					String answer = where + " " + declared.getKey();
					JsonNode response = resolved(document, declared.getValue());
					if (response.isMissingNode()) {
						wrong.add(answer + ": " + declared.getValue() + " is not in the document");
					}
					if (!response.path("headers").has("X-Request-Id")) {
						wrong.add(answer + ": X-Request-Id is not declared");
					}
					for (var content : response.path("content").properties()) {
						if (content.getKey().equals("*/*") || !content.getValue().has("example")) {
							wrong.add(answer + " " + content.getKey() + ": no example");
						}
					}
				}
			}
		}
		assertThat(wrong).isEmpty();
	}

	/** A response, or the shared one under components/responses it refers to. */
	private static JsonNode resolved(JsonNode document, JsonNode response) {
		String ref = response.path("$ref").asString("");
		return ref.isEmpty() ? response
				: document.path("components").path("responses").path(ref.replace("#/components/responses/", ""));
	}

}

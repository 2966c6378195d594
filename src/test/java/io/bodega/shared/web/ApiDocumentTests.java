package io.bodega.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bodega.testing.ApiDocumentCheck;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAPI document: the copy in the repository is what the server serves (so every API change shows up in review,
 * and the generated client is built from it), and every operation is described the way a frontend developer needs.
 * That answers match it is checked on every answer of every test ({@code ApiDocumentCheck}).
 */
class ApiDocumentTests extends ApiTest {

	/** The published copy; {@code ./mvnw verify -Dbodega.openapi.write=true} rewrites it from the server. */
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

	/** The check every test's answers go through fails on each kind of lie, so it can catch one. */
	@Test
	void theCheckOfEveryAnswerFailsOnAnswersThatBreakTheDocument() {
		String base = "http://localhost:" + port;
		java.util.Map<String, List<String>> headers = java.util.Map.of("Content-Type", List.of("application/json"),
				"X-Request-Id", List.of("abc"));
		String category = "{\"items\":[{\"id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\",\"slug\":\"shoes\","
				+ "\"name\":\"Shoes\",\"parentId\":null}],\"nextCursor\":null}";
		ApiDocumentCheck.check(base, "GET", "/api/v1/categories", answer(200, headers, category));

		assertThat(breaks(base, answer(200, headers, category.replace("\"Shoes\"", "null"))))
			.as("null where the document says string").contains("null found, string expected");
		assertThat(breaks(base, answer(200, headers, category.replace(",\"parentId\":null", ""))))
			.as("a required field left out").contains("parentId");
		assertThat(breaks(base, answer(200, headers, category.replace("\"nextCursor\"", "\"colour\":\"red\",\"nextCursor\""))))
			.as("a field the document does not have").contains("colour");
		assertThatThrownBy(() -> ApiDocumentCheck.check(base, "GET", "/api/v1/undocumented", answer(200, headers, "{}")))
			.as("a success on a path the document does not have").isInstanceOf(AssertionError.class);
		ApiDocumentCheck.check(base, "GET", "/api/v1/undocumented", answer(404, headers, "{}"));
		assertThat(breaks(base, answer(418, headers, category))).as("a status the operation does not declare")
			.contains("418");
		assertThat(breaks(base, answer(200, java.util.Map.of("Content-Type", List.of("application/json")), category)))
			.as("a declared header missing").contains("X-Request-Id");
		assertThat(breaks(base, answer(200, java.util.Map.of("Content-Type", List.of("text/plain"),
				"X-Request-Id", List.of("abc")), category))).as("another content type").contains("text/plain");
	}

	private static Http.Response answer(int status, java.util.Map<String, List<String>> headers, String body) {
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
				for (var response : operation.path("responses").properties()) {
					if (!response.getValue().path("headers").has("X-Request-Id")) {
						wrong.add(where + " " + response.getKey() + ": X-Request-Id is not declared");
					}
					for (var content : response.getValue().path("content").properties()) {
						if (content.getKey().equals("*/*") || !content.getValue().has("example")) {
							wrong.add(where + " " + response.getKey() + " " + content.getKey() + ": no example");
						}
					}
				}
			}
		}
		assertThat(wrong).isEmpty();
	}
}

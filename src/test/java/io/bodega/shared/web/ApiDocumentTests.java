package io.bodega.shared.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

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

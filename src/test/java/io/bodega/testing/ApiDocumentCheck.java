package io.bodega.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.model.SimpleRequest;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every answer an end-to-end test gets from {@code /api/...} is checked against the
 * OpenAPI document the same server publishes at {@code /v3/api-docs}: the status must be
 * declared for the operation, the content type too, the body must match its schema and
 * the declared headers must be there and valid. A violation fails the test that caused
 * it, so the document cannot drift from what the server does. The checking is Atlassian's
 * openapi-request-validator.
 * <p>
 * Only answers are checked: many tests send requests that break the document on purpose.
 * A path or method the document does not have may only be refused (a test of an unknown
 * path, of a method that is not allowed); answered with success, it fails, unless it is
 * one of the hidden test-only endpoints under {@code /api/v1/test/}.
 */
public final class ApiDocumentCheck {

	/** What the validator says of a path or method the document does not have. */
	private static final Set<String> UNKNOWN = Set.of("validation.request.path.missing",
			"validation.request.operation.notAllowed");

	private static final Map<String, OpenApiInteractionValidator> VALIDATORS = new ConcurrentHashMap<>();

	/**
	 * With {@code -Dbodega.openapi.report=FILE} violations are written there instead of
	 * failing: a survey.
	 */
	private static final String REPORT = System.getProperty("bodega.openapi.report");

	private ApiDocumentCheck() {
	}

	public static void check(String base, String method, String pathAndQuery, Http.Response response) {
		String path = pathAndQuery.split("\\?", 2)[0];
		if (!path.startsWith("/api/")) {
			return;
		}
		OpenApiInteractionValidator validator = VALIDATORS.computeIfAbsent(base, ApiDocumentCheck::validatorFor);
		SimpleResponse.Builder answer = SimpleResponse.Builder.status(response.status());
		response.headers().forEach((name, values) -> {
			if (name != null && !name.startsWith(":")) {
				answer.withHeader(name, values);
			}
		});
		if (response.raw().length > 0) {
			answer.withBody(response.raw());
		}
		ValidationReport report = validator.validateResponse(path, Request.Method.valueOf(method), answer.build());
		// A path or method the document does not have may only be refused; the test-only
		// endpoints are hidden.
		// OPTIONS (CORS preflight) and HEAD are HTTP's, not operations of the document.
		boolean mayBeUnknown = response.status() >= 400 || path.startsWith("/api/v1/test/") || method.equals("OPTIONS")
				|| method.equals("HEAD");
		List<ValidationReport.Message> errors = report.getMessages()
			.stream()
			.filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
			.filter(message -> !(mayBeUnknown && UNKNOWN.contains(message.getKey())))
			.toList();
		if (errors.isEmpty()) {
			return;
		}
		String messages = errors.stream()
			.map(message -> message.getKey() + ": " + message.getMessage())
			.collect(Collectors.joining("\n  "));
		String body = response.text();
		String said = method + " " + path + " answered " + response.status() + " "
				+ body.substring(0, Math.min(body.length(), 600)) + "\n  which breaks the OpenAPI document:\n  "
				+ messages;
		if (REPORT != null) {
			try {
				Files.writeString(Path.of(REPORT), said + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
						StandardOpenOption.APPEND);
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
			return;
		}
		throw new AssertionError(said);
	}

	private static final Map<String, OpenApiInteractionValidator> WEBHOOK_VALIDATORS = new ConcurrentHashMap<>();

	/**
	 * Checks a message Bodega sent to a webhook endpoint against the entry for its type
	 * in the {@code webhooks} section of the document the server at {@code base}
	 * publishes: the three headers and the body's schema. The validator checks requests
	 * to paths only, so each webhook entry is read as a path {@code /webhooks/<type>}.
	 */
	public static void checkWebhook(String base, String type, Map<String, List<String>> headers, String body) {
		OpenApiInteractionValidator validator = WEBHOOK_VALIDATORS.computeIfAbsent(base, b -> {
			JsonMapper json = JsonMapper.builder().build();
			var document = (ObjectNode) json.readTree(apiDocs(b));
			var paths = json.createObjectNode();
			document.path("webhooks").properties().forEach(e -> paths.set("/webhooks/" + e.getKey(), e.getValue()));
			document.set("paths", paths);
			document.remove("webhooks");
			return validatorOf(json.writeValueAsString(document));
		});
		var request = SimpleRequest.Builder.post("/webhooks/" + type)
			.withContentType("application/json")
			.withBody(body);
		headers.forEach((name, values) -> request.withHeader(name, values));
		ValidationReport report = validator.validateRequest(request.build());
		List<String> errors = report.getMessages()
			.stream()
			.filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
			.map(message -> message.getKey() + ": " + message.getMessage())
			.toList();
		if (!errors.isEmpty()) {
			throw new AssertionError("The " + type + " webhook " + body + "\n  breaks the OpenAPI document:\n  "
					+ String.join("\n  ", errors));
		}
	}

	private static String apiDocs(String base) {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
		try {
			HttpResponse<String> docs = client.send(
					HttpRequest.newBuilder(URI.create(base + "/v3/api-docs")).timeout(Duration.ofSeconds(60)).build(),
					HttpResponse.BodyHandlers.ofString());
			if (docs.statusCode() != 200) {
				throw new AssertionError("/v3/api-docs answered " + docs.statusCode() + ": " + docs.body());
			}
			return docs.body();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(e);
		}
	}

	private static OpenApiInteractionValidator validatorFor(String base) {
		return validatorOf(apiDocs(base));
	}

	private static OpenApiInteractionValidator validatorOf(String document) {
		return OpenApiInteractionValidator.createForInlineApiSpecification(document)
			.withLevelResolver(LevelResolver.create().withDefaultLevel(ValidationReport.Level.ERROR).build())
			.build();
	}

}

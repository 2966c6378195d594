package io.bodega.shared.web.openapi;

import java.lang.annotation.Annotation;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.bodega.shared.web.Access;
import io.bodega.shared.web.Access.Level;
import io.bodega.shared.web.AccessRules;
import io.bodega.shared.web.Idempotency;
import io.bodega.shared.web.JsonApiNegotiation;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;

/**
 * What every operation of the document says the same way: who may call it
 * ({@link ApiSecurity}, from the controller's {@link Access}), the error answers the
 * platform can give for it ({@link Refusal}), its parameters' real types
 * ({@link ApiParameters}), and the headers every answer carries. Answers an operation
 * gives for its own reasons ({@code 409 insufficient_stock}) are declared on the
 * controller method.
 */
final class ApiOperations {

	static final String REQUEST_ID = "RequestId";
	static final String RETRY_AFTER = "RetryAfter";
	static final String ETAG = "ETag";
	static final String LOCATION = "Location";
	static final String REPLAYED = "IdempotentReplayed";

	static final Map<String, Header> HEADERS = headers();

	private ApiOperations() {
	}

	private static Map<String, Header> headers() {
		Map<String, Header> headers = new LinkedHashMap<>();
		headers.put(REQUEST_ID,
				new Header().required(true)
					.description(
							"The request's id, as in the server's logs: the caller's own X-Request-Id when it is sane")
					.schema(new StringSchema().maxLength(128).example("9f1c2d3e4b5a69788796a5b4c3d2e1f0")));
		headers.put(RETRY_AFTER,
				new Header().required(true)
					.description("Seconds to wait before trying again")
					.schema(new IntegerSchema().minimum(BigDecimal.ONE).example(60)));
		headers.put(ETAG, new Header().required(true)
			.description("The product's version: send it back in If-None-Match to revalidate, in If-Match to change "
					+ "only that version")
			.schema(new StringSchema().example("\"3f2a9c1b\"")));
		headers.put(LOCATION,
				new Header().required(true)
					.description("Where the new resource is")
					.schema(new StringSchema().format("uri-reference")
						.example("/api/v1/admin/products/0f8fad5b-d9cb-469f-a165-70867728950e")));
		headers.put(REPLAYED,
				new Header().required(false)
					.description(Idempotency.REPLAYED_MEANING)
					.schema(new StringSchema()._enum(List.of("true")).example("true")));
		return headers;
	}

	/**
	 * Called by springdoc for every operation, with the controller method it documents.
	 */
	static Operation customize(Operation operation, HandlerMethod handler) {
		Level access = AccessRules.declared(handler).value();
		operation.setSecurity(ApiSecurity.requirements(AccessRules.declared(handler)));
		if (access == Level.ADMIN) {
			// Role names in a requirement are read as OAuth scopes by linters and
			// generators: said as an extension.
			operation.addExtension("x-bodega-role", "admin");
			operation.setDescription(operation.getDescription() + ". Admins only.");
		}
		ApiResponses responses = operation.getResponses();
		boolean hasBody = has(handler, RequestBody.class) || has(handler, RequestPart.class);
		boolean hasParameters = hasBody || (operation.getParameters() != null && !operation.getParameters().isEmpty());
		// Any request can be malformed HTTP (a bad encoding in its target, a broken
		// header), with parameters or not.
		refuse(responses, hasParameters ? Refusal.BAD_REQUEST : Refusal.MALFORMED_REQUEST);
		if (access.signedIn()) {
			refuse(responses, Refusal.UNAUTHENTICATED);
		}
		refuse(responses, access == Level.ADMIN ? Refusal.ADMINS_ONLY : Refusal.FORBIDDEN);
		if (has(handler, PathVariable.class)) {
			refuse(responses, Refusal.NOT_FOUND);
		}
		if (JsonApiNegotiation.AcceptsJson.answersBody(handler)) {
			refuse(responses, Refusal.NOT_ACCEPTABLE);
		}
		if (operation.getParameters() != null
				&& operation.getParameters().stream().anyMatch(p -> "If-Match".equalsIgnoreCase(p.getName()))) {
			refuse(responses, Refusal.PRECONDITION_FAILED);
		}
		refuse(responses, Refusal.PAYLOAD_TOO_LARGE);
		refuse(responses, Refusal.URI_TOO_LONG);
		if (hasBody) {
			refuse(responses, Refusal.UNSUPPORTED_MEDIA_TYPE);
		}
		refuse(responses, Refusal.HEADERS_TOO_LARGE);
		refuse(responses, Refusal.INTERNAL_ERROR);
		refuse(responses, Refusal.NOT_IMPLEMENTED);
		refuse(responses, Refusal.UNAVAILABLE);
		refuse(responses, Refusal.HTTP_VERSION_NOT_SUPPORTED);
		if (operation.getParameters() != null) {
			operation.getParameters().forEach(ApiParameters::typed);
		}
		return operation;
	}

	/**
	 * After the whole document is built: JSON instead of springdoc's {@code *}/{@code *}
	 * where a controller method did not say, no body on 304 and 204, and the headers: the
	 * request id on every answer, Retry-After on 429 and 503, the ETag on every product
	 * answer (they are all rendered with their version) and on 304.
	 */
	static void finish(OpenAPI document) {
		for (Refusal refusal : Refusal.values()) {
			ApiResponse shared = new ApiResponse().description(refusal.description).content(problemContent());
			document.getComponents().addResponses(refusal.component, shared);
			shared.addHeaderObject("X-Request-Id", ref(REQUEST_ID));
			if (refusal.status.equals("503")) {
				shared.addHeaderObject("Retry-After", ref(RETRY_AFTER));
			}
		}
		document.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
			if (operation.getRequestBody() != null) {
				json(operation.getRequestBody().getContent());
			}
			boolean idempotent = operation.getParameters() != null
					&& operation.getParameters().stream().anyMatch(p -> "Idempotency-Key".equals(p.getName()));
			operation.getResponses().forEach((status, response) -> {
				if (response.get$ref() != null) {
					return;
				}
				if (response.getHeaders() != null) {
					response.getHeaders()
						.replaceAll((name, header) -> header.get$ref() == null ? header
								: new Header().$ref(header.get$ref()));
				}
				if (idempotent) {
					response.addHeaderObject(Idempotency.REPLAYED, ref(REPLAYED));
				}
				json(response.getContent());
				if (status.equals("304") || status.equals("204")
						|| (response.getContent() != null && response.getContent().isEmpty())) {
					response.setContent(null);
				}
				if (status.equals("304") || isProduct(response)) {
					response.addHeaderObject("ETag", ref(ETAG));
				}
				response.addHeaderObject("X-Request-Id", ref(REQUEST_ID));
				if (status.equals("429") || status.equals("503")) {
					response.addHeaderObject("Retry-After", ref(RETRY_AFTER));
				}
			});
		}));
	}

	private static boolean isProduct(ApiResponse response) {
		MediaType json = response.getContent() == null ? null : response.getContent().get("application/json");
		return json != null && json.getSchema() != null
				&& "#/components/schemas/Product".equals(json.getSchema().get$ref());
	}

	private static void json(Content content) {
		if (content != null && content.containsKey("*/*")) {
			MediaType type = content.remove("*/*");
			content.addMediaType("application/json", type);
		}
	}

	static Header ref(String name) {
		return new Header().$ref("#/components/headers/" + name);
	}

	/**
	 * Declares a shared refusal, unless the operation declares that status for reasons of
	 * its own.
	 */
	private static void refuse(ApiResponses responses, Refusal refusal) {
		if (!responses.containsKey(refusal.status)) {
			responses.addApiResponse(refusal.status,
					new ApiResponse().$ref("#/components/responses/" + refusal.component));
		}
	}

	static Content problemContent() {
		return new Content().addMediaType("application/problem+json",
				new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + OpenApiConfiguration.PROBLEM)));
	}

	private static boolean has(HandlerMethod handler, Class<? extends Annotation> type) {
		for (var parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(type)) {
				return true;
			}
		}
		return false;
	}

}

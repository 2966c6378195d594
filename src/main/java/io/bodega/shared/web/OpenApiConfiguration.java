package io.bodega.shared.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs}. Besides what springdoc reads from the controllers, every operation
 * lists the problem answers it can give: the generic ones are added here from what the operation takes (a body, a
 * path id, a session), the specific ones ({@code 409 email_taken}) are declared on the controller method.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	private static final String PROBLEM = "#/components/schemas/Problem";

	@Bean
	OpenAPI bodegaOpenApi() {
		Schema<?> fieldError = new ObjectSchema().addProperty("field", new StringSchema())
			.addProperty("message", new StringSchema());
		Schema<?> problem = new ObjectSchema().description("RFC 9457 problem details")
			.addProperty("type", new StringSchema().format("uri"))
			.addProperty("title", new StringSchema())
			.addProperty("status", new IntegerSchema())
			.addProperty("detail", new StringSchema())
			.addProperty("instance", new StringSchema().format("uri"))
			.addProperty("code", new StringSchema().description("stable snake_case machine code"))
			.addProperty("errors", new ArraySchema().items(fieldError)
				.description("every bad field, for validation_failed"));
		return new OpenAPI()
			.info(new Info().title("Bodega API").version("v1")
				.description("Headless commerce backend. Every non-2xx answer is application/problem+json."))
			.components(new Components().addSchemas("Problem", problem)
				.addSecuritySchemes("bearer", new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer"))
				.addSecuritySchemes("cookie", new SecurityScheme().type(SecurityScheme.Type.APIKEY)
					.in(SecurityScheme.In.COOKIE).name("bodega_session")));
	}

	@Bean
	OperationCustomizer problemAnswers() {
		return (operation, handler) -> {
			ApiResponses responses = operation.getResponses();
			String path = pathOf(handler);
			boolean hasBody = hasParameter(handler, RequestBody.class);
			boolean hasPathId = hasParameter(handler, PathVariable.class);
			boolean signedIn = path.startsWith("/api/v1/me") || path.startsWith("/api/v1/admin")
					|| path.equals("/api/v1/auth/logout");
			if (hasBody || handler.getMethodParameters().length > 0) {
				add(responses, "400", "validation_failed or malformed_request");
			}
			if (signedIn) {
				add(responses, "401", "unauthenticated: no session, or it ended");
			}
			if (path.startsWith("/api/v1/admin")) {
				add(responses, "403", "forbidden: signed in without the admin role");
			}
			if (hasPathId) {
				add(responses, "404", "not_found");
			}
			if (hasBody) {
				add(responses, "413", "payload_too_large: body over 1 MiB");
				add(responses, "415", "unsupported_media_type: send application/json");
			}
			add(responses, "406", "not_acceptable: the Accept header rules out application/json");
			add(responses, "500", "internal_error");
			return operation;
		};
	}

	private static void add(ApiResponses responses, String status, String description) {
		if (!responses.containsKey(status)) {
			responses.addApiResponse(status, new ApiResponse().description(description)
				.content(new Content().addMediaType("application/problem+json",
						new MediaType().schema(new Schema<>().$ref(PROBLEM)))));
		}
	}

	private static boolean hasParameter(HandlerMethod handler, Class<? extends java.lang.annotation.Annotation> type) {
		for (var parameter : handler.getMethodParameters()) {
			if (parameter.hasParameterAnnotation(type)) {
				return true;
			}
		}
		return false;
	}

	private static String pathOf(HandlerMethod handler) {
		var typeMapping = handler.getBeanType()
			.getAnnotation(org.springframework.web.bind.annotation.RequestMapping.class);
		String base = (typeMapping != null && typeMapping.value().length > 0) ? typeMapping.value()[0] : "";
		var methodMapping = org.springframework.core.annotation.AnnotatedElementUtils
			.findMergedAnnotation(handler.getMethod(), org.springframework.web.bind.annotation.RequestMapping.class);
		String own = (methodMapping != null && methodMapping.value().length > 0) ? methodMapping.value()[0] : "";
		return base + own;
	}
}

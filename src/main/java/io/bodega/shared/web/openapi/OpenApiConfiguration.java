package io.bodega.shared.web.openapi;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Contact;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}, which frontends generate their clients
 * from. springdoc reads the controllers; what is the same for every operation is added
 * here, so no controller can forget it:
 * <ul>
 * <li>{@link ApiOperations}: who may call it ({@link ApiSecurity}), the error answers it
 * can give ({@link Refusal}), its parameters' types, the headers of every answer;</li>
 * <li>{@link ApiSchemas}: readable schema names, which fields are always there and which
 * may be {@code null};</li>
 * <li>{@link ApiExamples}: an example body for every request and answer, made from the
 * schemas.</li>
 * </ul>
 * The rule for absent values, everywhere: every field of an answer is always present; a
 * field without a value is {@code null}, and only fields marked {@code @Nullable} in the
 * code may be. The tests check every answer they get against this document.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

	static final String PROBLEM = "Problem";

	static final Map<String, String> TAGS = Map.ofEntries(
			Map.entry("Accounts", "Registration, sign-in, sessions, e-mail verification and passwords"),
			Map.entry("Catalog", "The public catalog: product search, products and categories"),
			Map.entry("Cart", "Carts of guests and customers; a cart's id is its secret"),
			Map.entry("Orders", "Checkout and the customer's orders; guests use the order's token"),
			Map.entry("Payments", "Paying orders, and the payment gateway's events"),
			Map.entry("Admin: catalog", "Staff: products, variants, images and categories"),
			Map.entry("Admin: inventory", "Staff: stock levels and the stock ledger"),
			Map.entry("Admin: orders", "Staff: every order, shipping, delivery, refunds and payments"),
			Map.entry("Admin: audit", "Staff: the log of every admin change"),
			Map.entry("Admin: accounts",
					"Staff: customers and their sign-in locks; administrators and their invitations"),
			Map.entry("Admin: webhooks", "Staff: webhook endpoints, their secrets and deliveries"),
			Map.entry("Live updates", "Server-sent events: a customer's orders and cart, a guest's order, a product's "
					+ "availability, the whole shop for the staff"));

	@Bean
	OpenAPI bodegaOpenApi() {
		Components components = new Components().addSchemas(PROBLEM, problem())
			.addSchemas("FieldError", fieldError())
			.addSchemas("Shortage", shortage());
		ApiSecurity.schemes(components);
		ApiOperations.HEADERS.forEach(components::addHeaders);
		return new OpenAPI()
			.info(new Info().title("Bodega API")
				.version("v1")
				.description("Headless commerce backend: accounts, catalog, carts, checkout, payments and orders, "
						+ "and the staff side. Every answer that is not 2xx or 304 is `application/problem+json`. "
						+ "Every field of an answer is always present; a field without a value is `null`.")
				.contact(new Contact().name("Bodega").url("https://bodega.dev")))
			.servers(List.of(new Server().url("/").description("The server that serves this document")))
			.tags(TAGS.entrySet()
				.stream()
				.sorted(Map.Entry.comparingByKey())
				.map(tag -> new Tag().name(tag.getKey()).description(tag.getValue()))
				.toList())
			.components(components);
	}

	/** One bad field of a validation_failed problem. */
	private static Schema<?> fieldError() {
		return new ObjectSchema().description("One bad field of a request")
			.addProperty("field",
					new StringSchema().description("The field's path in the request, such as variants[0].sku")
						.example("email"))
			.addProperty("message", new StringSchema().example("must be a well-formed email address"))
			.addProperty("row", new IntegerSchema().minimum(BigDecimal.ONE)
				.example(2)
				.description("Only for CSV imports: the row as a spreadsheet numbers it, the header being row 1; "
						+ "field is then the column, or csv for the file's own syntax"))
			.addProperty("lastRow",
					new IntegerSchema().minimum(BigDecimal.valueOf(2))
						.example(502)
						.description("Only for CSV imports, and only when the same error is on several rows one after "
								+ "another: the last of them (the first is row)"))
			.required(List.of("field", "message"));
	}

	/** The problem details every error answer has. */
	private static Schema<?> problem() {
		return new ObjectSchema()
			.description("RFC 9457 problem details: every answer that is not 2xx or 304. Its extension members are "
					+ "there only with their code: `errors` with `validation_failed`, `shortages` with "
					+ "`insufficient_stock`")
			.addProperty("type",
					new StringSchema().format("uri")
						.description("Identifies the kind of problem")
						.example("https://bodega.dev/problems/validation-failed"))
			.addProperty("title",
					new StringSchema().description("The kind of problem in words").example("Validation failed"))
			.addProperty("status",
					new IntegerSchema().minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)).example(400))
			.addProperty("detail",
					new StringSchema().description("This occurrence in words")
						.example("email: must be a well-formed email address"))
			.addProperty("instance",
					new StringSchema().format("uri-reference")
						.description("The request's path; left out when the request's target is not a valid path (a "
								+ "malformed or over-long request line)")
						.example("/api/v1/auth/register"))
			.addProperty("code",
					new StringSchema().description("Stable snake_case machine code").example("validation_failed"))
			.addProperty("errors",
					new ArraySchema().items(new Schema<>().$ref("#/components/schemas/FieldError"))
						.description("Every bad field, for validation_failed"))
			.addProperty("shortages",
					new ArraySchema().items(new Schema<>().$ref("#/components/schemas/Shortage"))
						.description("Every SKU short of stock, for insufficient_stock"))
			.required(List.of("type", "title", "status", "detail", "code"));
	}

	/** One SKU short of stock, of an insufficient_stock problem. */
	private static Schema<?> shortage() {
		return new ObjectSchema().description("A SKU with fewer units available than asked for")
			.addProperty("sku", new StringSchema().example("TSHIRT-RED-M"))
			.addProperty("requested", new IntegerSchema().example(5))
			.addProperty("available", new IntegerSchema().example(4))
			.required(List.of("sku", "requested", "available"));
	}

	@Bean
	OperationCustomizer bodegaOperations() {
		return ApiOperations::customize;
	}

	@Bean
	ApiSchemas bodegaSchemas() {
		return new ApiSchemas();
	}

	@Bean
	OpenApiCustomizer bodegaDocument(ApiSchemas schemas) {
		return document -> {
			schemas.customize(document);
			ApiOperations.finish(document);
			ApiExamples.addTo(document);
		};
	}

}

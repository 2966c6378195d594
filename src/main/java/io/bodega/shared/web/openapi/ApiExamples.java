package io.bodega.shared.web.openapi;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bodega.shared.web.problems.ErrorCodes;
import io.bodega.shared.web.problems.Problems;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;

import org.springframework.http.HttpStatus;

/**
 * An example body for every JSON request and answer of the document, made from the
 * schemas: a property's own {@code example} where the code gives one (every patterned
 * string must), otherwise a value of its type and format. A problem answer's example is
 * made from its description ({@code "insufficient_stock: ..."}), so it shows the code.
 * The linters check each example against its schema.
 */
final class ApiExamples {

	private static final String REFS = "#/components/schemas/";

	private static final String ID = "0f8fad5b-d9cb-469f-a165-70867728950e";

	private static final Pattern CODE = Pattern.compile("([a-z]+(?:_[a-z]+)*)\\b.*?: (.*)", Pattern.DOTALL);

	/**
	 * Examples by property name, so a SKU or a currency reads the same all over the
	 * document.
	 */
	private static final Map<String, Object> BY_NAME = Map.ofEntries(Map.entry("sku", "TSHIRT-RED-M"),
			Map.entry("currency", "EUR"), Map.entry("country", "DE"), Map.entry("slug", "red-t-shirt"),
			Map.entry("categories", "t-shirts"), Map.entry("category", "t-shirts"),
			Map.entry("cardNumber", "4242424242424242"), Map.entry("cardLast4", "4242"),
			Map.entry("title", "Red T-shirt"), Map.entry("name", "Ann Example"), Map.entry("line1", "Main St 1"),
			Map.entry("line2", "Floor 2"), Map.entry("city", "Berlin"), Map.entry("postalCode", "10115"),
			Map.entry("email", "ann@example.com"), Map.entry("carrier", "DHL"),
			Map.entry("trackingNumber", "00340434161094042557"), Map.entry("method", "test_card"),
			Map.entry("description", "Soft cotton, cut straight"), Map.entry("number", "BO-2026-000123"),
			Map.entry("url", "/media/3b9f0c1e5d7a2f4c6e8b0a1d3f5c7e9b1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c1e.jpg"));

	private static final Pattern PATH_VARIABLE = Pattern.compile("\\{[^}]+}");

	@SuppressWarnings("rawtypes")
	private final Map<String, Schema> schemas;

	private final Set<String> missing = new TreeSet<>();

	/**
	 * Making a request's example: only required fields and fields with a real example, so
	 * it can be sent as is.
	 */
	private boolean request;

	@SuppressWarnings("rawtypes")
	private ApiExamples(Map<String, Schema> schemas) {
		this.schemas = schemas;
	}

	static void addTo(OpenAPI document) {
		ApiExamples examples = new ApiExamples(document.getComponents().getSchemas());
		examples.fillAll(document);
		if (!examples.missing.isEmpty()) {
			throw new IllegalStateException("These properties have a pattern but no example; give each one with "
					+ "@Schema(example = ...): " + examples.missing);
		}
	}

	private void fillAll(OpenAPI document) {
		for (Refusal refusal : Refusal.values()) {
			document.getComponents()
				.getResponses()
				.get(refusal.component)
				.getContent()
				.forEach((type, body) -> body
					.setExample(problem(Integer.parseInt(refusal.status), refusal.description, "/api/v1/products")));
		}
		document.getPaths().forEach((path, item) -> item.readOperations().forEach(operation -> {
			if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
				operation.getRequestBody().getContent().forEach((type, body) -> {
					if (type.equals("application/json")) {
						request = true;
						fill(body);
						request = false;
					}
				});
			}
			operation.getResponses().forEach((status, response) -> {
				if (response.get$ref() != null || response.getContent() == null) {
					return;
				}
				response.getContent().forEach((type, body) -> {
					if (type.equals("application/problem+json")) {
						body.setExample(problem(Integer.parseInt(status), response.getDescription(), path));
					}
					else if (type.equals("application/json")) {
						fill(body);
					}
				});
			});
		}));
	}

	private void fill(MediaType body) {
		if (body.getExample() == null && body.getExamples() == null && body.getSchema() != null) {
			body.setExample(example(body.getSchema(), "value", new HashSet<>()));
		}
	}

	private static Map<String, Object> problem(int status, String description, String path) {
		Matcher said = CODE.matcher(description == null ? "" : description);
		String code = said.matches() ? said.group(1) : ErrorCodes.forStatus(HttpStatus.valueOf(status));
		String detail = said.matches() ? said.group(2) : description;
		Map<String, Object> problem = new LinkedHashMap<>();
		problem.put("type", Problems.TYPE_PREFIX + code.replace('_', '-'));
		problem.put("title", Problems.titleOf(code));
		problem.put("status", status);
		problem.put("detail", detail.substring(0, 1).toUpperCase(Locale.ROOT) + detail.substring(1));
		problem.put("instance", PATH_VARIABLE.matcher(path).replaceAll(ID));
		problem.put("code", code);
		if (code.equals("validation_failed")) {
			problem.put("errors", List.of(Map.of("field", "email", "message", "must be a well-formed email address")));
		}
		return problem;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	private Object example(Schema<?> schema, String name, Set<String> visiting) {
		if (schema.getExample() != null) {
			return schema.getExample();
		}
		if (schema.get$ref() != null) {
			return referenced(schema.get$ref().substring(REFS.length()), name, visiting);
		}
		for (List<Schema> choices : Arrays.asList(schema.getOneOf(), schema.getAnyOf())) {
			if (choices != null) {
				for (Schema choice : choices) {
					if (!isNull(choice)) {
						return example(choice, name, visiting);
					}
				}
			}
		}
		if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
			return schema.getEnum().getFirst();
		}
		return switch (typeOf(schema)) {
			case "object" -> object(schema, name, visiting);
			case "array" -> schema.getItems() == null ? List.of() : List.of(example(schema.getItems(), name, visiting));
			case "integer", "number" -> number(schema);
			case "boolean" -> Boolean.TRUE;
			default -> string(schema, name);
		};
	}

	/** A schema's example where it is referred to; none for a schema inside itself. */
	private Object referenced(String ref, String name, Set<String> visiting) {
		if (!visiting.add(ref)) {
			return null;
		}
		Object value = example(schemas.get(ref), name, visiting);
		visiting.remove(ref);
		return value;
	}

	private Map<String, Object> object(Schema<?> schema, String name, Set<String> visiting) {
		Map<String, Object> object = new LinkedHashMap<>();
		if (schema.getProperties() != null) {
			schema.getProperties().forEach((property, value) -> {
				boolean wanted = !request || (schema.getRequired() != null && schema.getRequired().contains(property))
						|| value.getExample() != null || BY_NAME.containsKey(property);
				if (wanted) {
					object.put(property, example(value, property, visiting));
				}
			});
		}
		else if (schema.getAdditionalProperties() instanceof Schema<?> values) {
			object.put("colour", example(values, name, visiting));
		}
		return object;
	}

	/** The smallest value allowed, but at least 1 (0 reads as nothing). */
	private static long number(Schema<?> schema) {
		BigDecimal minimum = schema.getMinimum() == null ? BigDecimal.ONE : schema.getMinimum().max(BigDecimal.ONE);
		if (schema.getMaximum() != null && schema.getMaximum().compareTo(minimum) < 0) {
			minimum = schema.getMaximum();
		}
		return minimum.longValueExact();
	}

	private String string(Schema<?> schema, String name) {
		if (BY_NAME.get(name) instanceof String value) {
			return value;
		}
		String format = schema.getFormat() == null ? "" : schema.getFormat();
		return switch (format) {
			case "date-time" -> "2026-12-01T09:30:00Z";
			case "date" -> "2026-12-01";
			case "uuid" -> ID;
			case "email" -> "ann@example.com";
			case "uri" -> "https://shop.example/" + name;
			case "uri-reference" -> "/api/v1/" + name;
			case "binary", "byte" -> "";
			default -> {
				if (schema.getPattern() != null) {
					missing.add(name + " " + schema.getPattern());
					yield "";
				}
				int length = schema.getMinLength() == null ? 0 : schema.getMinLength();
				String text = "Example " + name;
				yield text.length() >= length ? text : text + "x".repeat(length - text.length());
			}
		};
	}

	private static String typeOf(Schema<?> schema) {
		if (schema.getTypes() != null) {
			for (String type : schema.getTypes()) {
				if (!type.equals("null")) {
					return type;
				}
			}
		}
		if (schema.getType() != null) {
			return schema.getType();
		}
		return schema.getProperties() != null ? "object" : "string";
	}

	private static boolean isNull(Schema<?> schema) {
		return schema.getTypes() != null && schema.getTypes().equals(Set.of("null"));
	}

}

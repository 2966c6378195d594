package io.bodega.shared.web.openapi;

import java.math.BigDecimal;
import java.util.Set;

import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;

/** The parameters of every operation, as the document gives them. */
final class ApiParameters {

	private ApiParameters() {
	}

	/**
	 * Query parameters arrive as text checked by patterns (so one bad value cannot hide
	 * the others); the document gives their real types, and anchors what stays a pattern,
	 * as JSON Schema patterns are not. They get no example: Swagger UI would fill it in
	 * and send it, filtering what the caller did not ask to filter.
	 */
	static void typed(Parameter parameter) {
		Schema<?> schema = parameter.getSchema();
		if (schema == null) {
			return;
		}
		String pattern = schema.getPattern();
		if ("Idempotency-Key".equals(parameter.getName())) {
			parameter.required(true)
				.description("A key of the client's choosing (such as a UUID): a retry with the same key and the same "
						+ "request gets the first answer again and changes nothing")
				.schema(new StringSchema().minLength(1).maxLength(255));
			return;
		}
		if (pattern == null) {
			return;
		}
		if (pattern.equals("true|false")) {
			parameter.schema(new Schema<Boolean>().type("boolean").types(Set.of("boolean")));
		}
		else if (pattern.equals("[1-9]|[1-9][0-9]|100")) {
			parameter.schema(integer(1, 100).format("int32")._default(20));
		}
		else if (pattern.equals("[0-9]{1,13}")) {
			parameter.schema(integer(0, 9_999_999_999_999L));
		}
		else {
			ApiSchemas.patterns(schema);
		}
	}

	private static Schema<?> integer(long minimum, long maximum) {
		Schema<?> schema = new Schema<Long>().type("integer").types(Set.of("integer")).format("int64");
		return schema.minimum(BigDecimal.valueOf(minimum)).maximum(BigDecimal.valueOf(maximum));
	}

}

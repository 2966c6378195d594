package io.bodega.shared.web.openapi;

import java.lang.reflect.RecordComponent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * The schemas of the document, made to say what the server sends:
 * <ul>
 * <li>every field of an answer is always present, so answer schemas list every property
 * as required;</li>
 * <li>a record component marked {@code @Nullable} (JSpecify) may be {@code null}, and
 * only such a one;</li>
 * <li>a page of a list is named after what it lists ({@code OrderPage}, not springdoc's
 * {@code ListPageOrder});</li>
 * <li>a JSON value kept as it came (the audit log's before and after) is a free-form
 * object.</li>
 * </ul>
 * It learns which record each schema comes from while springdoc resolves the types (a
 * swagger-core model converter).
 */
final class ApiSchemas implements ModelConverter {

	private static final String REFS = "#/components/schemas/";

	private static final String LIST_PAGE = "ListPage";

	private final Map<String, Class<?>> records = new ConcurrentHashMap<>();

	@Override
	public Schema<?> resolve(AnnotatedType type, ModelConverterContext context, Iterator<ModelConverter> chain) {
		Class<?> raw = type.getType() == null ? null : Json.mapper().constructType(type.getType()).getRawClass();
		if (raw != null && JsonNode.class.isAssignableFrom(raw)) {
			return new JsonSchema().types(Set.of("object"))
				.additionalProperties(Boolean.TRUE)
				.description("A JSON object, as it was");
		}
		Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		if (resolved != null && raw != null && raw.isRecord()) {
			String name = resolved.get$ref() != null ? resolved.get$ref().substring(REFS.length()) : resolved.getName();
			if (name != null) {
				records.put(name, raw);
			}
		}
		return resolved;
	}

	void customize(OpenAPI document) {
		Map<String, Schema> schemas = document.getComponents().getSchemas();
		renamePages(document, schemas);
		Set<String> answers = answerSchemas(document, schemas);
		schemas.values().forEach(ApiSchemas::patterns);
		schemas.forEach((name, schema) -> {
			Class<?> record = records.get(name);
			if (record == null || schema.getProperties() == null) {
				return;
			}
			for (RecordComponent component : record.getRecordComponents()) {
				Schema<?> property = (Schema<?>) schema.getProperties().get(component.getName());
				if (property != null && component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
					schema.getProperties().put(component.getName(), nullable(property));
				}
			}
			if (answers.contains(name)) {
				schema.setRequired(List.copyOf(schema.getProperties().keySet()));
			}
		});
	}

	/**
	 * Bean Validation's patterns match the whole value, JSON Schema's anywhere in it: the
	 * document's are anchored, and a choice of words ({@code draft|active|archived}) is
	 * an enum.
	 */
	@SuppressWarnings("unchecked")
	static void patterns(Schema<?> schema) {
		for (Schema<?> child : children(schema)) {
			if (child.get$ref() == null) {
				patterns(child);
			}
		}
		String pattern = schema.getPattern();
		if (pattern == null) {
			return;
		}
		if (pattern.matches("[a-z_]+(\\|[a-z_]+)+")) {
			schema.setPattern(null);
			((Schema<Object>) schema).setEnum(new ArrayList<>(List.of((Object[]) pattern.split("\\|"))));
		}
		else if (!pattern.startsWith("^") || !pattern.endsWith("$")) {
			schema.setPattern("^(?:" + pattern + ")$");
		}
	}

	/** {@code ListPageOrder} becomes {@code OrderPage}, every reference to it too. */
	private void renamePages(OpenAPI document, Map<String, Schema> schemas) {
		Map<String, String> renamed = new LinkedHashMap<>();
		for (String name : List.copyOf(schemas.keySet())) {
			if (name.startsWith(LIST_PAGE) && name.length() > LIST_PAGE.length()) {
				String page = name.substring(LIST_PAGE.length()) + "Page";
				renamed.put(REFS + name, REFS + page);
				Class<?> record = records.get(name);
				if (record != null) {
					records.put(page, record);
				}
				schemas.put(page, schemas.remove(name));
			}
		}
		if (renamed.isEmpty()) {
			return;
		}
		Deque<Schema<?>> todo = new ArrayDeque<>();
		schemas.values().forEach(todo::add);
		document.getPaths().values().forEach(item -> item.readOperations().forEach(operation -> {
			if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
				operation.getRequestBody().getContent().values().forEach(type -> add(todo, type));
			}
			operation.getResponses().values().forEach(response -> {
				if (response.getContent() != null) {
					response.getContent().values().forEach(type -> add(todo, type));
				}
			});
		}));
		Set<Schema<?>> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		while (!todo.isEmpty()) {
			Schema<?> schema = todo.pop();
			if (!seen.add(schema)) {
				continue;
			}
			if (schema.get$ref() != null && renamed.containsKey(schema.get$ref())) {
				schema.set$ref(renamed.get(schema.get$ref()));
			}
			children(schema).forEach(todo::add);
		}
		document.getComponents().setSchemas(new TreeMap<>(schemas));
	}

	private static void add(Deque<Schema<?>> todo, MediaType type) {
		if (type.getSchema() != null) {
			todo.add(type.getSchema());
		}
	}

	/**
	 * The names of the schemas some answer body reaches, through any depth of references.
	 */
	private static Set<String> answerSchemas(OpenAPI document, Map<String, Schema> schemas) {
		Deque<Schema<?>> todo = new ArrayDeque<>();
		document.getPaths()
			.values()
			.forEach(item -> item.readOperations()
				.forEach(operation -> operation.getResponses().values().forEach(response -> {
					if (response.getContent() != null) {
						response.getContent().values().forEach(type -> add(todo, type));
					}
				})));
		// What Bodega sends to webhook endpoints is said by the server as much as its
		// answers are.
		if (document.getWebhooks() != null) {
			document.getWebhooks().values().forEach(item -> item.readOperations().forEach(operation -> {
				if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
					operation.getRequestBody().getContent().values().forEach(type -> add(todo, type));
				}
			}));
		}
		Set<String> names = new HashSet<>();
		while (!todo.isEmpty()) {
			Schema<?> schema = todo.pop();
			if (schema.get$ref() != null) {
				String name = schema.get$ref().substring(REFS.length());
				if (names.add(name) && schemas.get(name) != null) {
					todo.add(schemas.get(name));
				}
				continue;
			}
			children(schema).forEach(todo::add);
		}
		return names;
	}

	@SuppressWarnings({ "rawtypes", "unchecked" })
	static List<Schema<?>> children(Schema<?> schema) {
		List<Schema<?>> children = new ArrayList<>();
		if (schema.getProperties() != null) {
			children.addAll((Collection) schema.getProperties().values());
		}
		if (schema.getItems() != null) {
			children.add(schema.getItems());
		}
		if (schema.getAdditionalProperties() instanceof Schema<?> values) {
			children.add(values);
		}
		for (List<Schema> all : Arrays.asList(schema.getOneOf(), schema.getAnyOf(), schema.getAllOf())) {
			if (all != null) {
				children.addAll((Collection) all);
			}
		}
		return children;
	}

	/**
	 * The property, or {@code null}: a reference becomes a choice of the two, a plain
	 * type gains {@code "null"}.
	 */
	private static Schema<?> nullable(Schema<?> property) {
		if (property.get$ref() != null) {
			return new JsonSchema()
				.oneOf(List.of(new JsonSchema().$ref(property.get$ref()), new JsonSchema().types(Set.of("null"))));
		}
		Set<String> types = new LinkedHashSet<>();
		if (property.getTypes() != null) {
			types.addAll(property.getTypes());
		}
		else if (property.getType() != null) {
			types.add(property.getType());
		}
		types.add("null");
		property.setTypes(types);
		return property;
	}

}

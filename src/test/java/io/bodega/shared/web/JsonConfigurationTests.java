package io.bodega.shared.web;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** NUL characters are refused wherever a string sits in a body, with the path to it. */
class JsonConfigurationTests {

	record Person(String name, List<String> tags, Map<String, String> labels, Object extra) {
	}

	private final JsonMapper json = mapper();

	@Test
	void readsOrdinaryStringsUnchanged() {
		Person person = json.readValue("""
				{"name": "Ann", "tags": ["a"], "labels": {"k": "v"}, "extra": {"x": "y"}}""", Person.class);

		assertThat(person.name()).isEqualTo("Ann");
		assertThat(person.tags()).containsExactly("a");
		assertThat(person.labels()).containsEntry("k", "v");
	}

	@Test
	void refusesNulInAPropertyNamingIt() {
		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> json.readValue("{\"name\": \"A\\u0000nn\"}", Person.class))
			.satisfies(e -> assertThat(e.getPath().getFirst().getPropertyName()).isEqualTo("name"));
	}

	@Test
	void refusesNulInListElementsMapKeysMapValuesAndUntypedValues() {
		for (String body : List.of("{\"tags\": [\"ok\", \"b\\u0000\"]}", "{\"labels\": {\"k\\u0000\": \"v\"}}",
				"{\"labels\": {\"k\": \"v\\u0000\"}}", "{\"extra\": {\"x\": \"y\\u0000\"}}")) {
			assertThatExceptionOfType(DatabindException.class).as(body)
				.isThrownBy(() -> json.readValue(body, Person.class))
				.satisfies(e -> assertThat(e.getPath()).isNotEmpty());
		}
		assertThatExceptionOfType(DatabindException.class)
			.isThrownBy(() -> json.readValue("[\"\\u0000\"]", new TypeReference<List<String>>() {
			}));
	}

	private static JsonMapper mapper() {
		JsonMapper.Builder builder = JsonMapper.builder();
		new JsonConfiguration().refuseNulCharacters().customize(builder);
		return builder.build();
	}

}

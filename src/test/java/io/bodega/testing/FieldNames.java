package io.bodega.testing;

import java.util.ArrayList;
import java.util.List;

/** The distinct field names of a validation problem, in order. */
public final class FieldNames {

	private FieldNames() {
	}

	public static List<String> fields(Http.Response answer) {
		List<String> fields = new ArrayList<>();
		answer.json().path("errors").forEach(e -> fields.add(e.path("field").asString()));
		return fields.stream().distinct().toList();
	}

}

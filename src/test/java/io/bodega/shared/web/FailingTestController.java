package io.bodega.shared.web;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.Hidden;

/**
 * Test-only endpoints that fail on purpose, to see what a client gets when the server
 * breaks. Hidden from the OpenAPI document, which is the production server's.
 */
@RestController
@Access(Access.Level.PUBLIC)
@Hidden
class FailingTestController {

	private final JdbcClient jdbc;

	FailingTestController(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/v1/test/boom")
	String boom() {
		throw new IllegalStateException("secret internal detail: jdbc:postgresql://db/secret at Foo.java:42");
	}

	@GetMapping("/api/v1/test/sql-boom")
	String sqlBoom() {
		return jdbc.sql("select * from no_such_table").query(String.class).single();
	}

	/**
	 * Hands a query parameter to PostgreSQL as text, unchecked, as a careless endpoint
	 * would.
	 */
	@GetMapping("/api/v1/test/text")
	String text(@RequestParam String value) {
		return jdbc.sql("select cast(:value as text)").param("value", value).query(String.class).single();
	}

	@GetMapping("/api/v1/test/limits")
	String limits(@RequestParam @Min(1) @Max(100) int limit) {
		return "ok " + limit;
	}

}

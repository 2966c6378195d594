package io.bodega.shared.web;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every non-2xx answer is an RFC 9457 problem with a stable code, and none leaks
 * internals.
 */
class ErrorAnswerTests extends ApiTest {

	@Test
	void unknownPathIsNotFoundProblem() {
		for (String path : new String[] { "/api/v1/nope", "/nope", "/api/v1/auth/register/extra" }) {
			Http.Response answer = http().get(path).send();
			assertProblem(answer, 404, "not_found");
			assertThat(answer.json().path("instance").asString()).isEqualTo(path);
		}
	}

	@Test
	void wrongMethodIs405WithAllow() {
		Http.Response answer = http().delete("/api/v1/auth/register").send();

		assertProblem(answer, 405, "method_not_allowed");
		assertThat(answer.header("Allow")).hasValue("POST");
	}

	@Test
	void unsupportedMediaTypeIs415() {
		Http.Response answer = http().post("/api/v1/auth/register")
			.body("text/plain", "email=a".getBytes(StandardCharsets.UTF_8))
			.send();

		assertProblem(answer, 415, "unsupported_media_type");
	}

	@Test
	void malformedJsonIs400MalformedRequest() {
		for (String body : new String[] { "{\"email\":", "[1,2", "not json", "" }) {
			Http.Response answer = http().post("/api/v1/auth/register").json(body).send();
			assertProblem(answer, 400, "malformed_request");
		}
	}

	@Test
	void wrongJsonTypeNamesTheField() {
		Http.Response answer = http().post("/api/v1/auth/login")
			.json("{\"email\": {\"a\": 1}, \"password\": \"x\"}")
			.send();

		assertProblem(answer, 400, "validation_failed");
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("email");
	}

	@Test
	void validationNamesEveryField() {
		Http.Response answer = http().post("/api/v1/auth/register").json(Map.of("email", "x")).send();

		assertProblem(answer, 400, "validation_failed");
		JsonNode errors = answer.json().path("errors");
		assertThat(errors.size()).isGreaterThanOrEqualTo(3);
		errors.forEach(e -> assertThat(e.path("message").asString()).isNotBlank());
		assertThat(answer.json().path("detail").asString()).contains("email").contains("password").contains("name");
	}

	@Test
	void badQueryParametersAreValidationFailures() {
		assertProblem(http().get("/api/v1/test/limits?limit=0").send(), 400, "validation_failed");
		assertProblem(http().get("/api/v1/test/limits?limit=abc").send(), 400, "validation_failed");
		Http.Response missing = http().get("/api/v1/test/limits").send();
		assertProblem(missing, 400, "validation_failed");
		assertThat(missing.json().path("errors").get(0).path("field").asString()).isEqualTo("limit");
		assertThat(http().get("/api/v1/test/limits?limit=100").send().status()).isEqualTo(200);
	}

	@Test
	void bodyOverOneMebibyteIs413() {
		byte[] big = ("{\"email\":\"" + "a".repeat(1024 * 1024 + 10) + "\"}").getBytes(StandardCharsets.UTF_8);

		assertProblem(http().post("/api/v1/auth/register").body("application/json", big).send(), 413,
				"payload_too_large");
		assertProblem(http().post("/api/v1/auth/register").chunked("application/json", big).send(), 413,
				"payload_too_large");
	}

	@Test
	void bodyJustUnderTheLimitIsRead() {
		byte[] body = ("{\"email\":\"" + "a".repeat(1000 * 1000) + "\"}").getBytes(StandardCharsets.UTF_8);

		Http.Response answer = http().post("/api/v1/auth/register").body("application/json", body).send();

		assertProblem(answer, 400, "validation_failed");
	}

	@Test
	void serverFaultIs500WithoutInternals() {
		for (String path : new String[] { "/api/v1/test/boom", "/api/v1/test/sql-boom" }) {
			Http.Response answer = http().get(path).send();
			assertProblem(answer, 500, "internal_error");
			assertThat(answer.text()).doesNotContain("secret")
				.doesNotContain("jdbc")
				.doesNotContain("Exception")
				.doesNotContain("no_such_table")
				.doesNotContain("java.")
				.doesNotContain("trace");
		}
	}

	@Test
	void valueTheDatabaseCannotStoreIsMalformedRequestWithoutInternals() {
		Http.Response answer = http().get("/api/v1/test/text?value=a%00b").send();

		assertProblem(answer, 400, "malformed_request");
		assertThat(answer.text()).doesNotContain("SQL")
			.doesNotContain("0x00")
			.doesNotContain("Exception")
			.doesNotContain("UTF8")
			.doesNotContain("java.");
		assertThat(http().get("/api/v1/test/text?value=ab").send().text()).isEqualTo("ab");
	}

	@Test
	void nulCharacterInAJsonStringIsAValidationFailureNamingTheField() {
		Http.Response login = http().post("/api/v1/auth/login")
			.json(Map.of("email", "ann\0@example.com", "password", "Not-The-Right-One-42"))
			.send();
		String email = uniqueEmail();
		Http.Response register = http().post("/api/v1/auth/register")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "name", "Ann\0Example"))
			.send();
		Http.Response reset = http().post("/api/v1/auth/password-reset")
			.json(Map.of("email", "ann\0@example.com"))
			.send();

		assertRefusedField(login, "email");
		assertRefusedField(register, "name");
		assertRefusedField(reset, "email");
		assertThat(jdbc.sql("select count(*) from users where email = ?").param(email).query(Long.class).single())
			.isZero();
	}

	private static void assertRefusedField(Http.Response answer, String field) {
		assertProblem(answer, 400, "validation_failed");
		assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
	}

	@Test
	void problemIsAnsweredWhateverTheClientAccepts() {
		Http.Response answer = http().get("/api/v1/nope").header("Accept", "text/html").send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void requestRejectedByTheFirewallIsAProblemToo() {
		Http.Response answer = http().get("/api/v1/%2e%2e/%2e%2e/etc/passwd").send();

		assertThat(answer.status()).isBetween(400, 404);
		assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
	}

	@Test
	void unauthenticatedAndForbiddenAreProblems() {
		Http.Response anonymous = http().get("/api/v1/admin/anything").send();
		assertProblem(anonymous, 401, "unauthenticated");
		assertThat(anonymous.header("WWW-Authenticate")).hasValue("Bearer");

		Http.Response customer = http().get("/api/v1/admin/anything").bearer(newCustomerToken()).send();
		assertProblem(customer, 403, "forbidden");

		Http.Response admin = http().get("/api/v1/admin/anything").bearer(adminToken()).send();
		assertProblem(admin, 404, "not_found");
	}

	static void assertProblem(Http.Response answer, int status, String code) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
		JsonNode problem = answer.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("type").asString()).isEqualTo("https://bodega.dev/problems/" + code.replace('_', '-'));
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
	}

}

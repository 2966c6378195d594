package io.bodega.shared.web;

import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import org.assertj.core.api.Assertions;
import org.springframework.mock.web.MockHttpServletRequest;

/** What every answer carries and what the server exposes besides the API. */
class PlatformTests extends ApiTest {

	@Test
	void pooledConnectionsPlanEachStatementOnce() {
		assertThat(jdbc.sql("show plan_cache_mode").query(String.class).single()).isEqualTo("force_generic_plan");
	}

	@Test
	void healthIsUpWithLivenessAndReadiness() {
		Http.Response health = http().get("/actuator/health").send();
		assertThat(health.status()).isEqualTo(200);
		assertThat(health.json().path("status").asString()).isEqualTo("UP");
		assertThat(http().get("/actuator/health/liveness").send().json().path("status").asString()).isEqualTo("UP");
		assertThat(http().get("/actuator/health/readiness").send().json().path("status").asString()).isEqualTo("UP");
	}

	@Test
	void prometheusMetricsAreServedAndOtherActuatorsAreClosed() {
		http().get("/api/v1/nope").send();
		Http.Response metrics = http().get("/actuator/prometheus").bearer(METRICS_TOKEN).send();
		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.text()).contains("http_server_requests_seconds")
			.contains("hikaricp_connections")
			.contains("jvm_threads");

		for (String closed : new String[] { "/actuator/env", "/actuator/beans", "/actuator/heapdump",
				"/actuator/configprops", "/actuator/loggers", "/actuator/threaddump", "/actuator/shutdown" }) {
			Http.Response answer = http().get(closed).send();
			assertThat(answer.status()).as(closed).isEqualTo(404);
			assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
		}
	}

	@Test
	void prometheusMetricsAreClosedToWhoeverLacksTheToken() {
		Http.Response anonymous = http().get("/actuator/prometheus").send();
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
		assertThat(anonymous.text()).doesNotContain("jvm_");
		assertThat(http().get("/actuator/prometheus").bearer(METRICS_TOKEN + "x").send().status()).isEqualTo(401);
		assertThat(http().get("/actuator/prometheus").bearer(newCustomerToken()).send().status())
			.as("a shopper's session is no metrics token")
			.isEqualTo(403);
	}

	@Test
	void withoutATokenSetNobodyReadsTheMetrics() {
		MetricsAccess closed = new MetricsAccess("");
		var request = new MockHttpServletRequest("GET", "/actuator/prometheus");
		request.addHeader("Authorization", "Bearer ");
		assertThat(closed.allows(request)).isFalse();
		assertThat(new MetricsAccess(METRICS_TOKEN).allows(request)).isFalse();
		request.removeHeader("Authorization");
		request.addHeader("Authorization", "Bearer " + METRICS_TOKEN);
		assertThat(new MetricsAccess(METRICS_TOKEN).allows(request)).isTrue();
		Assertions.assertThatIllegalStateException()
			.isThrownBy(() -> new MetricsAccess("short"))
			.withMessageContaining("BODEGA_METRICS_TOKEN");
	}

	@Test
	void everyAnswerCarriesSecurityHeaders() {
		for (Http.Response answer : new Http.Response[] { http().get("/actuator/health").send(),
				http().get("/api/v1/nope").send(), http().get("/api/v1/me").send() }) {
			assertThat(answer.header("X-Content-Type-Options")).hasValue("nosniff");
			assertThat(answer.header("X-Frame-Options")).hasValue("DENY");
			assertThat(answer.header("Referrer-Policy")).hasValue("no-referrer");
		}
	}

	@Test
	void requestIdIsHonouredOrGeneratedAndEchoed() {
		assertThat(http().get("/api/v1/nope").header("X-Request-Id", "abc-123.x").send().header("X-Request-Id"))
			.hasValue("abc-123.x");
		String generated = http().get("/api/v1/me").send().header("X-Request-Id").orElseThrow();
		assertThat(generated).matches("[0-9a-f-]{36}");
		String injected = http().get("/actuator/health")
			.header("X-Request-Id", "bad id\" <script>")
			.send()
			.header("X-Request-Id")
			.orElseThrow();
		assertThat(injected).matches("[0-9a-f-]{36}");
	}

	@Test
	void corsIsClosedExceptForConfiguredOrigins() {
		Http.Response foreign = http().method("OPTIONS", "/api/v1/auth/login")
			.header("Origin", "https://evil.example")
			.header("Access-Control-Request-Method", "POST")
			.send();
		assertThat(foreign.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(foreign.status()).isEqualTo(403);

		Http.Response allowed = http().method("OPTIONS", "/api/v1/auth/login")
			.header("Origin", "https://shop.example.test")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.send();
		assertThat(allowed.status()).isEqualTo(200);
		assertThat(allowed.header("Access-Control-Allow-Origin")).hasValue("https://shop.example.test");
		assertThat(allowed.header("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void openApiDocumentListsOperationsWithTheirErrorAnswers() {
		Http.Response docs = http().get("/v3/api-docs").send();
		assertThat(docs.status()).isEqualTo(200);
		JsonNode paths = docs.json().path("paths");

		JsonNode register = paths.path("/api/v1/auth/register").path("post").path("responses");
		assertThat(register.propertyNames()).contains("201", "400", "409", "415", "500");
		assertThat(register.path("409").path("content").has("application/problem+json")).isTrue();
		JsonNode login = paths.path("/api/v1/auth/login").path("post").path("responses");
		assertThat(login.propertyNames()).contains("200", "400", "401", "429");
		JsonNode me = paths.path("/api/v1/me").path("get").path("responses");
		assertThat(me.propertyNames()).contains("200", "401");
		JsonNode endSession = paths.path("/api/v1/me/sessions/{id}").path("delete").path("responses");
		assertThat(endSession.propertyNames()).contains("204", "401", "404");
		assertThat(docs.json().path("components").path("schemas").has("Problem")).isTrue();
		assertThat(paths.has("/api/v1/test/boom")).as("test-only operations stay out of the document").isFalse();
	}

	@Test
	void openApiDocumentNamesTheReplayHeaderOfIdempotentOperations() {
		JsonNode paths = http().get("/v3/api-docs").send().json().path("paths");

		for (String path : List.of("/api/v1/orders", "/api/v1/orders/{id}/payments")) {
			JsonNode created = paths.path(path).path("post").path("responses").path("201");
			assertThat(created.path("headers").has("Idempotent-Replayed")).as(path).isTrue();
		}
	}

	@Test
	void docsAreBrowsable() {
		Http.Response docs = http().get("/docs").send();
		assertThat(docs.status()).isIn(200, 302);
		String location = docs.header("Location").orElse("/docs");
		Http.Response page = http().get(location.replaceFirst("^https?://[^/]+", "")).send();
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.text()).containsIgnoringCase("swagger");
	}

	@Test
	void adminFromTheEnvironmentCanSignIn() {
		JsonNode login = login(ADMIN_EMAIL, ADMIN_PASSWORD);
		assertThat(login.path("user").path("roles").toString()).isEqualTo("[\"admin\"]");
		assertThat(login.path("user").path("emailVerified").asBoolean()).isTrue();
		assertThat(http().post("/api/v1/auth/register")
			.json(Map.of("email", ADMIN_EMAIL.toUpperCase(), "password", GOOD_PASSWORD, "name", "Impostor"))
			.send()
			.status()).isEqualTo(409);
	}

}

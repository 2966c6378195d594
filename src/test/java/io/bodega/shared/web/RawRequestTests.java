package io.bodega.shared.web;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import io.bodega.shared.web.problems.Problems;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.LogCapture;
import io.bodega.testing.RawHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Requests a proper HTTP client would not send, written byte for byte to a socket.
 * Whatever refuses them (Tomcat before the application, Spring Security's firewall,
 * Spring MVC), the answer is a problem with the exact status, a request id and the
 * security headers, never the container's HTML page, and nothing is logged at ERROR.
 */
class RawRequestTests extends ApiTest {

	/**
	 * The headers Spring Security writes on every answer; a refusal must carry the same
	 * values.
	 */
	private static final List<String> SECURITY_HEADERS = List.of("X-Content-Type-Options", "X-XSS-Protection",
			"Cache-Control", "Pragma", "Expires", "X-Frame-Options", "Referrer-Policy");

	@Value("${server.max-http-request-header-size:8KB}")
	private DataSize headerLimit;

	private LogCapture errors;

	@BeforeEach
	void watchTheLog() {
		errors = LogCapture.requestErrors();
	}

	@AfterEach
	void stopWatching() {
		errors.close();
	}

	static Stream<Arguments> malformedTargets() {
		return Stream.of(argumentSet("encoded slash", "/api/v1/products%2Fx"),
				argumentSet("encoded NUL", "/api/v1/products%00"),
				argumentSet("encoded backslash", "/api/v1/products%5Cx"),
				argumentSet("invalid UTF-8 (C3 28)", "/api/v1/products/%C3%28"),
				argumentSet("invalid UTF-8 (FF)", "/api/v1/products/%FF"),
				argumentSet("raw | in the query", "/api/v1/products?q=a|b"),
				argumentSet("raw \" in the query", "/api/v1/products?q=a\"b"),
				argumentSet("raw < > in the query", "/api/v1/products?q=<b>"), argumentSet("not a path at all", "*"));
	}

	@ParameterizedTest
	@MethodSource("malformedTargets")
	void malformedTargetIsAMalformedRequestProblem(String target) {
		assertRefusal(send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"), 400, "malformed_request");
	}

	static Stream<Arguments> pathsTheFirewallRefuses() {
		return Stream.of(argumentSet("semicolon", "/api/v1/products;jsessionid=1"),
				argumentSet("double slash", "/api/v1//products"),
				argumentSet("encoded dot segments", "/api/v1/%2e%2e/products"));
	}

	@ParameterizedTest
	@MethodSource("pathsTheFirewallRefuses")
	void pathTheFirewallRefusesIsAMalformedRequestProblemWithTheSecurityHeaders(String target) {
		RawHttp.Answer answer = send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n");

		assertRefusal(answer, 400, "malformed_request");
		assertThat(answer.json().path("instance").asString()).isEqualTo(target);
	}

	@Test
	void requestLineOverTheLimitIs414() {
		String target = "/api/v1/products?q=" + "a".repeat((int) headerLimit.toBytes());

		assertRefusal(send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n"), 414, "uri_too_long");
	}

	@Test
	void headerOverTheLimitIs431() {
		String big = "X-Big: " + "a".repeat((int) headerLimit.toBytes()) + "\r\n";

		assertRefusal(send("GET /api/v1/products HTTP/1.1\r\nHost: localhost\r\n" + big), 431, "headers_too_large");
	}

	/**
	 * RFC 6585 names 431 for a header section too large in total, which is what too many
	 * fields make it.
	 */
	@Test
	void tooManyHeadersIs431() {
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 120; i++) {
			many.append("X-Extra-").append(i).append(": 1\r\n");
		}

		assertRefusal(send("GET /api/v1/products HTTP/1.1\r\nHost: localhost\r\n" + many), 431, "headers_too_large");
	}

	@Test
	void duplicateHostIsAMalformedRequestAndKeepsTheCallersRequestId() {
		RawHttp.Answer answer = RawHttp.send(port, "GET /api/v1/products HTTP/1.1\r\nHost: localhost\r\nHost: other\r\n"
				+ "X-Request-Id: dup-host-42\r\nConnection: close\r\n\r\n");

		assertRefusal(answer, 400, "malformed_request");
		assertThat(answer.header("X-Request-Id")).hasValue("dup-host-42");
	}

	@Test
	void missingHostIsAMalformedRequest() {
		assertRefusal(RawHttp.send(port, "GET /api/v1/products HTTP/1.1\r\nConnection: close\r\n\r\n"), 400,
				"malformed_request");
	}

	@Test
	void unknownProtocolVersionIs505() {
		assertRefusal(send("GET /api/v1/products HTTP/9.9\r\nHost: localhost\r\n"), 505, "http_version_not_supported");
	}

	/**
	 * RFC 9112 wants 501 for a transfer coding the server does not know; it is still a
	 * clean problem.
	 */
	@Test
	void unknownTransferCodingIs501WithoutAnError() {
		assertRefusal(send("POST /api/v1/carts HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: rot13\r\n"), 501,
				"not_implemented");
	}

	@Test
	void unknownMethodIs405WithAllow() {
		RawHttp.Answer answer = send("FOO /api/v1/products HTTP/1.1\r\nHost: localhost\r\n");

		assertRefusal(answer, 405, "method_not_allowed");
		assertThat(answer.header("Allow").orElseThrow()).contains("GET").doesNotContain("FOO");
	}

	@Test
	void methodsTomcatRefusesAre405WithAllow() {
		for (String request : List.of("TRACE /api/v1/products HTTP/1.1\r\nHost: localhost\r\n",
				"CONNECT localhost:443 HTTP/1.1\r\nHost: localhost:443\r\n")) {
			RawHttp.Answer answer = send(request);
			assertRefusal(answer, 405, "method_not_allowed");
			assertThat(answer.header("Allow").orElseThrow()).contains("GET")
				.doesNotContain("TRACE")
				.doesNotContain("CONNECT");
		}
	}

	@Test
	void theErrorPageItselfIsNotFound() {
		for (String method : List.of("GET", "POST", "DELETE")) {
			RawHttp.Answer answer = send(method + " /error HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n");
			assertRefusal(answer, 404, "not_found");
		}
	}

	@Test
	void anonymousHeadOfMyOrdersIs401() {
		RawHttp.Answer answer = send("HEAD /api/v1/orders HTTP/1.1\r\nHost: localhost\r\n");

		assertThat(answer.status()).as(answer.toString()).isEqualTo(401);
		assertThat(answer.header("Content-Type")).hasValue("application/problem+json");
		assertThat(answer.header("WWW-Authenticate")).hasValue("Bearer");
		assertThat(answer.body()).isEmpty();
		assertCarriesRequestIdAndSecurityHeaders(answer);
		assertThat(errors.events()).isEmpty();
		assertThat(send("HEAD /api/v1/orders HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + newCustomerToken()
				+ "\r\n")
			.status()).isEqualTo(200);
		assertRefusal(send("GET /api/v1/orders HTTP/1.1\r\nHost: localhost\r\n"), 401, "unauthenticated");
	}

	@Test
	void jsonEndpointsRefuseAnAcceptTheyCannotMeetWith406() {
		String sku = uniqueSku();
		createProduct(adminToken(), productBody("Acceptable " + uniqueWord(), List.of("acceptable"), 900, sku));
		JsonNode order = placeGuestOrder(sku, 1, uniqueEmail());
		String orderPath = "/api/v1/orders/" + order.path("id").asString() + "?token="
				+ order.path("orderToken").asString();

		for (String path : List.of("/api/v1/products", "/api/v1/categories", orderPath)) {
			for (String refused : List.of("text/csv", "text/html", "image/png", "application/problem+json",
					"application/json;q=0, text/csv")) {
				RawHttp.Answer answer = send(
						"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + refused + "\r\n");
				assertRefusal(answer, 406, "not_acceptable");
			}
			for (String accepted : List.of("*/*", "application/json", "application/*",
					"text/csv, application/json;q=0.5")) {
				RawHttp.Answer answer = send(
						"GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accepted + "\r\n");
				assertThat(answer.status()).as(path + " " + accepted).isEqualTo(200);
				assertThat(answer.header("Content-Type")).hasValue("application/json");
			}
			RawHttp.Answer none = send("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n");
			assertThat(none.status()).as(path).isEqualTo(200);
			assertThat(none.header("Content-Type")).hasValue("application/json");
		}
		assertThat(errors.events()).isEmpty();
	}

	/**
	 * An operation that answers no body (204, 202) has nothing to negotiate: whatever the
	 * Accept, it runs. A generated client sends {@code Accept: application/problem+json}
	 * to such an operation, the only type its answers declare.
	 */
	@Test
	void operationsWithoutABodyRunWhateverTheAccept() {
		for (String accept : List.of("application/problem+json", "text/csv")) {
			String token = newCustomerToken();
			var answer = http().post("/api/v1/auth/logout").bearer(token).header("Accept", accept).send();
			assertThat(answer.status()).as(accept + " " + answer).isEqualTo(204);
			assertThat(http().get("/api/v1/me").bearer(token).send().status()).as("signed out").isEqualTo(401);
		}
		var reset = http().post("/api/v1/auth/password-reset")
			.header("Accept", "application/problem+json")
			.json(Map.of("email", "nobody@example.com"))
			.send();
		assertThat(reset.status()).as(reset.toString()).isEqualTo(202);
	}

	@Test
	void problemsAreAnsweredWhateverTheAccept() {
		for (String accept : List.of("application/problem+json", "text/csv", "not a media type")) {
			RawHttp.Answer answer = send("GET /api/v1/nope HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept + "\r\n");
			assertRefusal(answer, 404, "not_found");
		}
		assertRefusal(send("GET /api/v1/products HTTP/1.1\r\nHost: localhost\r\nAccept: not a media type\r\n"), 406,
				"not_acceptable");
	}

	@Test
	void imagesAreStillServedToImageAccepts() throws IOException {
		String admin = adminToken();
		String product = createProduct(admin, productBody("Framed " + uniqueWord(), List.of(), 100, uniqueSku()))
			.path("id")
			.asString();
		String url = uploadPng(admin, product);

		for (String accepted : List.of("image/png", "image/*", "image/webp,image/*;q=0.8", "*/*")) {
			RawHttp.Answer answer = send("GET " + url + " HTTP/1.1\r\nHost: localhost\r\nAccept: " + accepted + "\r\n");
			assertThat(answer.status()).as(accepted).isEqualTo(200);
			assertThat(answer.header("Content-Type")).hasValue("image/png");
		}
	}

	private String uploadPng(String admin, String product) throws IOException {
		BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		ImageIO.write(image, "png", png);
		String boundary = "raw-test-boundary";
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8));
		body.writeBytes(png.toByteArray());
		body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		Http.Response answer = http().post("/api/v1/admin/products/" + product + "/images")
			.bearer(admin)
			.body("multipart/form-data; boundary=" + boundary, body.toByteArray())
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json().path("images").get(0).path("url").asString();
	}

	/** Sends a request line and headers, closing the connection after the answer. */
	private RawHttp.Answer send(String head) {
		return RawHttp.send(port, head + "Connection: close\r\n\r\n");
	}

	private void assertRefusal(RawHttp.Answer answer, int status, String code) {
		assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
		assertThat(answer.looksLikeHtml()).as(answer.toString()).isFalse();
		assertThat(answer.header("Content-Type")).as(answer.toString()).hasValue("application/problem+json");
		JsonNode problem = answer.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("code").asString()).isEqualTo(code);
		assertThat(problem.path("type").asString()).isEqualTo(Problems.TYPE_PREFIX + code.replace('_', '-'));
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).isNotBlank();
		assertThat(answer.text()).doesNotContain("Exception").doesNotContain("java.").doesNotContain("Tomcat");
		assertCarriesRequestIdAndSecurityHeaders(answer);
		assertThat(errors.events()).as("logged at ERROR").isEmpty();
	}

	private void assertCarriesRequestIdAndSecurityHeaders(RawHttp.Answer answer) {
		assertThat(answer.header("X-Request-Id")).as(answer.toString())
			.hasValueSatisfying(id -> assertThat(id).matches("[A-Za-z0-9._:-]{1,128}"));
		assertThat(answer.header("X-Content-Type-Options")).as(answer.toString()).hasValue("nosniff");
		RawHttp.Answer usual = RawHttp.send(port, "GET /api/v1/categories HTTP/1.1\r\nHost: localhost\r\n"
				+ "X-Request-Id: " + UUID.randomUUID() + "\r\nConnection: close\r\n\r\n");
		for (String name : SECURITY_HEADERS) {
			assertThat(answer.headers(name)).as(name + " in\n" + answer).isEqualTo(usual.headers(name)).isNotEmpty();
		}
	}

}

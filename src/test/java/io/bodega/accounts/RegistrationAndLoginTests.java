package io.bodega.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.testing.ApiTest;
import io.bodega.testing.CountingPasswordEncoder;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import tools.jackson.databind.node.ObjectNode;

class RegistrationAndLoginTests extends ApiTest {

	@Test
	void registersCustomerAndAnswersTheUser() {
		String email = uniqueEmail();
		Http.Response answer = http().post("/api/v1/auth/register")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "name", "Ann Example"))
			.send();

		assertThat(answer.status()).isEqualTo(201);
		JsonNode user = answer.json();
		assertThat(user.path("id").asString()).isNotBlank();
		assertThat(user.path("email").asString()).isEqualTo(email);
		assertThat(user.path("name").asString()).isEqualTo("Ann Example");
		assertThat(user.path("roles").toString()).isEqualTo("[\"customer\"]");
		assertThat(user.path("emailVerified").asBoolean()).isFalse();
		assertThat(user.has("password")).isFalse();
		assertThat(user.has("passwordHash")).isFalse();
		assertThat(jdbc.sql("select password_hash from users where id = ?::uuid")
			.param(user.path("id").asString())
			.query(String.class)
			.single()).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
	}

	@Test
	void refusesSecondAccountForSameEmailInAnyCase() {
		String email = register(uniqueEmail());
		Http.Response answer = http().post("/api/v1/auth/register")
			.json(Map.of("email", email.toUpperCase(), "password", GOOD_PASSWORD, "name", "Copy"))
			.send();

		assertThat(answer.status()).isEqualTo(409);
		assertThat(answer.code()).isEqualTo("email_taken");
		assertThat(answer.header("Content-Type")).hasValue("application/problem+json");
	}

	@Test
	void namesEveryBadFieldOfARegistration() {
		Http.Response answer = http().post("/api/v1/auth/register")
			.json(Map.of("email", "not-an-email", "password", "short"))
			.send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(answer.code()).isEqualTo("validation_failed");
		assertThat(fields(answer)).containsExactlyInAnyOrder("email", "password", "name");
	}

	@Test
	void refusesPasswordsOutsideTwelveTo256Characters() {
		for (String password : List.of("Ab1-xY9-zQ7", "x".repeat(257))) {
			Http.Response answer = http().post("/api/v1/auth/register")
				.json(Map.of("email", uniqueEmail(), "password", password, "name", "Length"))
				.send();
			assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
			assertThat(fields(answer)).containsExactly("password");
		}
	}

	@Test
	void refusesWellKnownWeakPasswordsWithAClearMessage() {
		String email = uniqueEmail();
		for (String weak : List.of("password1234", "qwertyuiop123", "123456789012", email)) {
			Http.Response answer = http().post("/api/v1/auth/register")
				.json(Map.of("email", email, "password", weak, "name", "Weak"))
				.send();
			assertThat(answer.status()).as(weak).isEqualTo(400);
			assertThat(answer.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
			assertThat(answer.json().path("errors").get(0).path("message").asString()).contains("too easy to guess");
		}
		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?)")
			.param(email)
			.query(Long.class)
			.single()).isZero();
	}

	@Test
	void twelveConcurrentRegistrationsOfOneEmailGiveExactlyOneAccount() throws Exception {
		String email = uniqueEmail();
		int threads = 12;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int i = 0; i < threads; i++) {
				String variant = i % 2 == 0 ? email : email.toUpperCase();
				answers.add(pool.submit(() -> {
					start.await();
					return http().post("/api/v1/auth/register")
						.json(Map.of("email", variant, "password", GOOD_PASSWORD, "name", "Racer"))
						.send()
						.status();
				}));
			}
			start.countDown();
			Map<Integer, Integer> counts = new HashMap<>();
			for (Future<Integer> answer : answers) {
				counts.merge(answer.get(), 1, Integer::sum);
			}
			assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(201, 1, 409, 11));
		}
		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?)")
			.param(email)
			.query(Long.class)
			.single()).isEqualTo(1);
	}

	@Test
	void signsInWithTokenExpiryAndAnHttpOnlyLaxCookie() {
		String email = register(uniqueEmail());
		Http.Response answer = http().post("/api/v1/auth/login")
			.json(Map.of("email", email.toUpperCase(), "password", GOOD_PASSWORD))
			.send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode body = answer.json();
		String token = body.path("token").asString();
		assertThat(token).matches("[A-Za-z0-9_-]{43}");
		Instant expiresAt = Instant.parse(body.path("expiresAt").asString());
		assertThat(Duration.between(Instant.now(), expiresAt).toDays()).isBetween(13L, 14L);
		assertThat(body.path("user").path("email").asString()).isEqualTo(email);
		String cookie = answer.header("Set-Cookie").orElseThrow();
		assertThat(cookie).startsWith("bodega_session=" + token + ";")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.contains("Path=/")
			.doesNotContain("Secure");
		assertThat(answer.header("Cache-Control")).hasValue("no-store");

		assertThat(http().get("/api/v1/me").bearer(token).send().json().path("email").asString()).isEqualTo(email);
		assertThat(http().get("/api/v1/me").cookie(token).send().json().path("email").asString()).isEqualTo(email);
		assertThat(jdbc.sql("select count(*) from user_sessions where token_hash = sha256(convert_to(?, 'UTF8'))")
			.param(token)
			.query(Long.class)
			.single()).as("stored only as its hash").isEqualTo(1);
	}

	@Test
	void behindHttpsTheSessionCookieIsSecureWithTheHostPrefixAndOnlyThatOneCounts() {
		String email = register(uniqueEmail());
		Http.Response answer = http().post("/api/v1/auth/login")
			.header("X-Forwarded-Proto", "https")
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send();
		String token = answer.json().path("token").asString();

		assertThat(answer.header("Set-Cookie").orElseThrow()).startsWith("__Host-bodega_session=" + token + ";")
			.contains("Secure")
			.contains("HttpOnly")
			.contains("SameSite=Lax")
			.contains("Path=/")
			.doesNotContainIgnoringCase("Domain");
		assertThat(http().get("/api/v1/me")
			.header("X-Forwarded-Proto", "https")
			.header("Cookie", "__Host-bodega_session=" + token)
			.send()
			.status()).isEqualTo(200);
		// Without the prefix, a cookie could have been planted over plain http or by a
		// sibling subdomain.
		assertThat(http().get("/api/v1/me")
			.header("X-Forwarded-Proto", "https")
			.header("Cookie", "bodega_session=" + token)
			.send()
			.status()).isEqualTo(401);
		Http.Response logout = http().post("/api/v1/auth/logout")
			.header("X-Forwarded-Proto", "https")
			.bearer(token)
			.send();
		assertThat(logout.header("Set-Cookie").orElseThrow()).startsWith("__Host-bodega_session=;")
			.contains("Secure")
			.contains("Max-Age=0");
	}

	@Test
	void unknownEmailAndWrongPasswordGetTheSameAnswer() {
		String email = register(uniqueEmail());
		Http.Response wrongPassword = http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.10")
			.json(Map.of("email", email, "password", "Not-The-Right-One-42"))
			.send();
		Http.Response unknownEmail = http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.10")
			.json(Map.of("email", uniqueEmail(), "password", "Not-The-Right-One-42"))
			.send();

		assertThat(wrongPassword.status()).isEqualTo(401);
		assertThat(wrongPassword.code()).isEqualTo("invalid_credentials");
		assertThat(unknownEmail.status()).isEqualTo(401);
		assertThat(withoutInstance(unknownEmail)).isEqualTo(withoutInstance(wrongPassword));
		assertThat(wrongPassword.header("Set-Cookie")).isEmpty();
	}

	@Test
	void unknownEmailCostsTheSamePasswordCheckAsAWrongPassword() {
		String email = register(uniqueEmail());
		int before = CountingPasswordEncoder.MATCHES.get();
		http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.11")
			.json(Map.of("email", uniqueEmail(), "password", "Not-The-Right-One-42"))
			.send();
		int forUnknown = CountingPasswordEncoder.MATCHES.get() - before;
		before = CountingPasswordEncoder.MATCHES.get();
		http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.11")
			.json(Map.of("email", email, "password", "Not-The-Right-One-42"))
			.send();
		int forWrong = CountingPasswordEncoder.MATCHES.get() - before;

		assertThat(forUnknown).isEqualTo(1);
		assertThat(forWrong).isEqualTo(1);
	}

	@Test
	void overLongPasswordAtLoginIsA400NotASlowHash() {
		Http.Response answer = http().post("/api/v1/auth/login")
			.json(Map.of("email", uniqueEmail(), "password", "x".repeat(100_000)))
			.send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(fields(answer)).containsExactly("password");
	}

	@Test
	void loginWithMissingFieldsNamesThem() {
		Http.Response answer = http().post("/api/v1/auth/login").json("{}").send();

		assertThat(answer.status()).isEqualTo(400);
		assertThat(fields(answer)).containsExactlyInAnyOrder("email", "password");
	}

	@Test
	void meAnswersTheSignedInUser() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);

		Http.Response me = http().get("/api/v1/me").bearer(token).send();

		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().path("email").asString()).isEqualTo(email);
		assertThat(me.json().path("roles").toString()).isEqualTo("[\"customer\"]");
		assertThat(me.json().has("emailVerified")).isTrue();
		assertThat(me.json().path("id").asString()).isNotBlank();
		assertThat(me.json().path("name").asString()).isEqualTo("Test Shopper");
	}

	@Test
	void meWithoutOrWithDeadTokenIs401() {
		for (Http.Request request : List.of(http().get("/api/v1/me"), http().get("/api/v1/me").bearer("forged-token"),
				http().get("/api/v1/me").cookie("forged-token"), http().get("/api/v1/me").bearer("x".repeat(5000)))) {
			Http.Response answer = request.send();
			assertThat(answer.status()).isEqualTo(401);
			assertThat(answer.code()).isEqualTo("unauthenticated");
			assertThat(answer.header("Content-Type")).hasValue("application/problem+json");
		}
	}

	@Test
	void logoutEndsTheSessionAtOnce() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		String other = token(email, GOOD_PASSWORD);

		Http.Response answer = http().post("/api/v1/auth/logout").bearer(token).send();

		assertThat(answer.status()).isEqualTo(204);
		assertThat(answer.header("Set-Cookie").orElseThrow()).contains("bodega_session=;").contains("Max-Age=0");
		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/me").cookie(token).send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/me").bearer(other).send().status()).as("other sessions live on").isEqualTo(200);
	}

	@Test
	void logoutWithoutSessionIs401() {
		Http.Response answer = http().post("/api/v1/auth/logout").send();

		assertThat(answer.status()).isEqualTo(401);
		assertThat(answer.code()).isEqualTo("unauthenticated");
	}

	@Test
	void cookieAuthenticatedChangesNeedAnAllowedOrigin() {
		String token = newCustomerToken();

		Http.Response noOrigin = http().post("/api/v1/auth/logout").cookie(token).send();
		Http.Response foreign = http().post("/api/v1/auth/logout")
			.cookie(token)
			.header("Origin", "https://evil.example")
			.send();
		Http.Response foreignReferer = http().post("/api/v1/auth/logout")
			.cookie(token)
			.header("Referer", "https://evil.example/page")
			.send();

		for (Http.Response refused : List.of(noOrigin, foreign, foreignReferer)) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.code()).isEqualTo("forbidden");
		}
		assertThat(http().get("/api/v1/me").cookie(token).send().status()).as("safe methods need no origin")
			.isEqualTo(200);
		assertThat(http().post("/api/v1/auth/logout")
			.cookie(token)
			.header("Origin", "https://shop.example.test")
			.send()
			.status()).as("a configured frontend origin").isEqualTo(204);

		String second = newCustomerToken();
		assertThat(http().post("/api/v1/auth/logout")
			.cookie(second)
			.header("Origin", "http://localhost:" + port)
			.send()
			.status()).as("the server's own origin").isEqualTo(204);
		String third = newCustomerToken();
		assertThat(http().post("/api/v1/auth/logout").bearer(third).send().status())
			.as("bearer tokens are not sent by browsers on their own, so need no origin")
			.isEqualTo(204);
		String fourth = newCustomerToken();
		Http.Response crossOrigin = http().post("/api/v1/auth/logout")
			.bearer(fourth)
			.header("Origin", "https://evil.example")
			.send();
		assertThat(crossOrigin.status()).as("CORS refuses other origins").isEqualTo(403);
		assertThat(crossOrigin.code()).isEqualTo("forbidden");
	}

	private static String withoutInstance(Http.Response answer) {
		var node = (ObjectNode) answer.json();
		node.remove("instance");
		return node.toString();
	}

	static void assertNear(Instant actual, Instant expected, Duration tolerance) {
		assertThat(actual.toEpochMilli()).isCloseTo(expected.toEpochMilli(), within(tolerance.toMillis()));
	}

}

package io.bodega.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import java.sql.Timestamp;

class SessionTests extends ApiTest {

	@Test
	void listsOwnSessionsAndMarksTheCurrentOne() {
		String email = register(uniqueEmail());
		String first = token(email, GOOD_PASSWORD);
		String second = token(email, GOOD_PASSWORD);
		newCustomerToken();

		Http.Response answer = http().get("/api/v1/me/sessions")
			.bearer(second)
			.header("User-Agent", "TestBrowser/1")
			.send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode items = answer.json().path("items");
		assertThat(items.size()).isEqualTo(2);
		assertThat(answer.json().path("nextCursor").isNull()).isTrue();
		assertThat(items.valueStream().filter(s -> s.path("current").asBoolean()).count()).isEqualTo(1);
		for (JsonNode session : items) {
			assertThat(session.path("id").asString()).isNotBlank();
			assertThat(session.path("createdAt").asString()).isNotBlank();
			assertThat(session.path("expiresAt").asString()).isNotBlank();
			assertThat(session.path("ipAddress").asString()).isEqualTo("127.0.0.1");
		}
		assertThat(first).isNotEqualTo(second);
	}

	@Test
	void endsAnotherOwnSessionAtOnce() {
		String email = register(uniqueEmail());
		String doomed = token(email, GOOD_PASSWORD);
		String current = token(email, GOOD_PASSWORD);
		String doomedId = sessionIdOf(current, false);

		Http.Response answer = http().delete("/api/v1/me/sessions/" + doomedId).bearer(current).send();

		assertThat(answer.status()).isEqualTo(204);
		assertThat(http().get("/api/v1/me").bearer(doomed).send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/me").bearer(current).send().status()).isEqualTo(200);
		assertThat(http().delete("/api/v1/me/sessions/" + doomedId).bearer(current).send().status()).isEqualTo(404);
	}

	@Test
	void endingTheCurrentSessionSignsOut() {
		String token = newCustomerToken();
		String id = sessionIdOf(token, true);

		Http.Response answer = http().delete("/api/v1/me/sessions/" + id).bearer(token).send();

		assertThat(answer.status()).isEqualTo(204);
		assertThat(answer.header("Set-Cookie").orElseThrow()).contains("Max-Age=0");
		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(401);
	}

	@Test
	void anotherUsersSessionIsNotFound() {
		String victim = newCustomerToken();
		String victimSession = sessionIdOf(victim, true);
		String attacker = newCustomerToken();

		Http.Response answer = http().delete("/api/v1/me/sessions/" + victimSession).bearer(attacker).send();

		assertThat(answer.status()).isEqualTo(404);
		assertThat(answer.code()).isEqualTo("not_found");
		assertThat(http().get("/api/v1/me").bearer(victim).send().status()).isEqualTo(200);
		assertThat(http().delete("/api/v1/me/sessions/not-a-uuid").bearer(attacker).send().status()).isEqualTo(404);
		assertThat(http().get("/api/v1/me/sessions").send().status()).isEqualTo(401);
	}

	@Test
	void idleSessionExpires() {
		String token = newCustomerToken();
		jdbc.sql("update user_sessions set last_seen_at = now() - interval '15 days' where id = ?::uuid")
			.param(sessionIdOf(token, true))
			.update();

		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(401);
	}

	@Test
	void sessionExpiresAtItsAbsoluteLimitEvenWhenBusy() {
		String token = newCustomerToken();
		jdbc.sql("update user_sessions set expires_at = now() - interval '1 second' where id = ?::uuid")
			.param(sessionIdOf(token, true))
			.update();

		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(401);
	}

	@Test
	void activityKeepsASessionAlive() {
		String token = newCustomerToken();
		String id = sessionIdOf(token, true);
		jdbc.sql("update user_sessions set last_seen_at = now() - interval '13 days' where id = ?::uuid")
			.param(id)
			.update();

		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(200);
		Instant lastSeen = jdbc.sql("select last_seen_at from user_sessions where id = ?::uuid")
			.param(id)
			.query(Timestamp.class)
			.single()
			.toInstant();
		assertThat(Duration.between(lastSeen, Instant.now()).abs()).isLessThan(Duration.ofMinutes(5));
	}

	@Test
	void adminSessionsHaveShortTimeouts() {
		JsonNode login = login(ADMIN_EMAIL, ADMIN_PASSWORD);
		Instant expiresAt = Instant.parse(login.path("expiresAt").asString());
		assertThat(Duration.between(Instant.now(), expiresAt)).isBetween(Duration.ofMinutes(25),
				Duration.ofMinutes(31));

		String token = login.path("token").asString();
		jdbc.sql("update user_sessions set last_seen_at = now() - interval '31 minutes' where id = ?::uuid")
			.param(sessionIdOf(token, true))
			.update();
		assertThat(http().get("/api/v1/me").bearer(token).send().status()).isEqualTo(401);

		String fresh = adminToken();
		assertThat(jdbc.sql("select expires_at - created_at from user_sessions where id = ?::uuid")
			.param(sessionIdOf(fresh, true))
			.query(String.class)
			.single()).isEqualTo("12:00:00");
	}

	@Test
	void aUserKeepsAtMostFiftySessions() {
		String email = register(uniqueEmail());
		String oldest = token(email, GOOD_PASSWORD);
		jdbc.sql("update user_sessions set created_at = now() - interval '1 hour' where user_id = "
				+ "(select id from users where email = ?)")
			.param(email)
			.update();
		jdbc.sql("""
				insert into user_sessions (id, token_hash, user_id, idle_seconds, expires_at)
				select gen_random_uuid(), sha256(convert_to(gen_random_uuid()::text, 'UTF8')), u.id, 3600,
				       now() + interval '1 hour'
				from users u, generate_series(1, 49) where u.email = ?""").param(email).update();

		String newest = token(email, GOOD_PASSWORD);

		assertThat(jdbc.sql("select count(*) from user_sessions where user_id = (select id from users where email = ?)")
			.param(email)
			.query(Long.class)
			.single()).isEqualTo(50);
		assertThat(http().get("/api/v1/me").bearer(oldest).send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/me").bearer(newest).send().status()).isEqualTo(200);
	}

	private String sessionIdOf(String token, boolean current) {
		for (JsonNode session : http().get("/api/v1/me/sessions").bearer(token).send().json().path("items")) {
			if (session.path("current").asBoolean() == current) {
				return session.path("id").asString();
			}
		}
		throw new AssertionError("no such session");
	}

	static Map<String, String> credentials(String email, String password) {
		return Map.of("email", email, "password", password);
	}

}

package io.bodega.accounts;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.LogCapture;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Security events are written to the {@code bodega.security} log as fields with the
 * request id, and never with a password, a token or a link; the e-mail of a registration
 * that failed because it is taken is not logged at all.
 */
class SecurityLogTests extends ApiTest {

	private static final String NEW_PASSWORD = "Juniper-Orchard-Telescope-28";

	@Test
	void signInsPasswordChangesResetsAndEndedSessionsAreLoggedWithoutSecrets() {
		String email = register(uniqueEmail());
		String wrong = "Not-The-Right-One-42";
		int mark = LogCapture.mark();

		http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.61")
			.json(Map.of("email", email, "password", wrong))
			.send();
		http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", "198.51.100.61")
			.json(Map.of("email", uniqueEmail(), "password", wrong))
			.send();
		Http.Response login = http().post("/api/v1/auth/login")
			.header("X-Request-Id", "sign-in-under-test")
			.header("X-Forwarded-For", "198.51.100.62")
			.json(Map.of("email", email, "password", GOOD_PASSWORD))
			.send();
		String token = login.json().path("token").asString();
		String user = login.json().path("user").path("id").asString();
		String other = token(email, GOOD_PASSWORD);
		http().post("/api/v1/me/password")
			.bearer(token)
			.header("X-Forwarded-For", "198.51.100.63")
			.json(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
			.send();
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		String link = TestMailbox.await(email, 3)
			.stream()
			.filter(m -> m.subject().contains("Reset"))
			.findFirst()
			.orElseThrow()
			.token();
		http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", link, "newPassword", GOOD_PASSWORD))
			.send();
		String last = token(email, GOOD_PASSWORD);
		http().post("/api/v1/auth/logout").bearer(last).send();

		List<LogCapture.Line> lines = LogCapture.since(mark)
			.stream()
			.filter(line -> line.logger().equals("bodega.security"))
			.toList();
		assertThat(lines).anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=sign-in")
			.contains("event.outcome=failure")
			.contains("event.reason=wrong_password")
			.contains("user.id=" + user)
			.contains("client.ip=198.51.100.61"));
		assertThat(lines).anySatisfy(line -> assertThat(line.keyValues()).contains("event.reason=unknown_account")
			.contains("client.ip=198.51.100.61")
			.doesNotContain("user.id"));
		assertThat(lines).anySatisfy(line -> {
			assertThat(line.keyValues()).contains("event.action=sign-in")
				.contains("event.outcome=success")
				.contains("user.id=" + user)
				.contains("client.ip=198.51.100.62");
			assertThat(line.requestId()).isEqualTo("sign-in-under-test");
		});
		assertThat(lines).anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=password-change")
			.contains("event.outcome=success")
			.contains("client.ip=198.51.100.63"));
		assertThat(lines).anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=password-reset")
			.contains("user.id=" + user));
		assertThat(lines).anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=session-end")
			.contains("event.reason=signed_out"));
		for (LogCapture.Line line : lines) {
			assertThat(line.message() + line.keyValues()).doesNotContain(GOOD_PASSWORD)
				.doesNotContain(NEW_PASSWORD)
				.doesNotContain(wrong)
				.doesNotContain(token)
				.doesNotContain(other)
				.doesNotContain(last)
				.doesNotContain(link);
		}
	}

	@Test
	void aThrottledSignInIsLogged() {
		String email = register(uniqueEmail());
		int mark = LogCapture.mark();
		for (int i = 0; i < 12; i++) {
			http().post("/api/v1/auth/login")
				.header("X-Forwarded-For", "198.51.100." + (70 + i))
				.json(Map.of("email", email, "password", "Not-The-Right-One-42"))
				.send();
		}

		assertThat(LogCapture.since(mark)).anySatisfy(line -> {
			assertThat(line.logger()).isEqualTo("bodega.security");
			assertThat(line.keyValues()).contains("event.action=sign-in").contains("event.reason=throttled");
		});
	}

	@Test
	void theEmailOfARegistrationRefusedAsTakenIsLoggedNowhere() {
		String email = register(uniqueEmail());
		String local = email.substring(0, email.indexOf('@'));
		int mark = LogCapture.mark();
		Http.Response again;
		// The embedded PostgreSQL's server log too, which a unique violation would fill
		// with the e-mail.
		try (LogCapture everything = LogCapture.everything("io.zonky.test.db.postgres")) {
			again = http().post("/api/v1/auth/register")
				.json(Map.of("email", email.toUpperCase(), "password", GOOD_PASSWORD, "name", "Again"))
				.send();
			http().get("/api/v1/categories").send();

			assertThat(again.status()).isEqualTo(409);
			// The test's own SMTP server (GreenMail) names the addresses it receives mail
			// for; it is not Bodega.
			assertThat(everything.events()).filteredOn(line -> !line.startsWith("com.icegreen"))
				.noneMatch(line -> line.toLowerCase().contains(local));
		}
		assertThat(LogCapture.since(mark)).as("the refusal is logged, without the address")
			.anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=registration")
				.contains("event.reason=email_taken"));
	}

	@Test
	void aRegistrationIsLoggedWithItsAccount() {
		int mark = LogCapture.mark();
		JsonNode account = http().post("/api/v1/auth/register")
			.header("X-Forwarded-For", "198.51.100.64")
			.json(Map.of("email", uniqueEmail(), "password", GOOD_PASSWORD, "name", "Logged"))
			.send()
			.json();

		assertThat(LogCapture.since(mark))
			.anySatisfy(line -> assertThat(line.keyValues()).contains("event.action=registration")
				.contains("user.id=" + UUID.fromString(account.path("id").asString()))
				.contains("client.ip=198.51.100.64"));
	}

}

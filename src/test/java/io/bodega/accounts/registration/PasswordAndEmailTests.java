package io.bodega.accounts.registration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;

class PasswordAndEmailTests extends ApiTest {

	private static final String NEW_PASSWORD = "Harbor-Cobalt-Symphony-58";

	@Autowired
	PasswordReset reset;

	@Test
	void changesPasswordAndEndsEveryOtherSession() {
		String email = register(uniqueEmail());
		String current = token(email, GOOD_PASSWORD);
		String other = token(email, GOOD_PASSWORD);

		Http.Response answer = http().post("/api/v1/me/password")
			.bearer(current)
			.json(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
			.send();

		assertThat(answer.status()).as(answer.toString()).isEqualTo(204);
		assertThat(http().get("/api/v1/me").bearer(current).send().status()).isEqualTo(200);
		assertThat(http().get("/api/v1/me").bearer(other).send().status()).isEqualTo(401);
		assertThat(loginStatus(email, GOOD_PASSWORD, "198.51.100.20")).isEqualTo(401);
		assertThat(loginStatus(email, NEW_PASSWORD, "198.51.100.20")).isEqualTo(200);
		assertThat(TestMailbox.await(email, 2)).anyMatch(m -> m.subject().contains("password was changed"));
	}

	@Test
	void refusesPasswordChangeWithWrongCurrentPasswordOrWeakNewOne() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);

		Http.Response wrongCurrent = http().post("/api/v1/me/password")
			.bearer(token)
			.json(Map.of("currentPassword", "Not-The-Right-One-42", "newPassword", NEW_PASSWORD))
			.send();
		Http.Response weak = http().post("/api/v1/me/password")
			.bearer(token)
			.json(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", "password1234"))
			.send();
		Http.Response missing = http().post("/api/v1/me/password").bearer(token).json("{}").send();
		Http.Response anonymous = http().post("/api/v1/me/password")
			.json(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
			.send();

		assertThat(wrongCurrent.status()).isEqualTo(400);
		assertThat(fields(wrongCurrent)).containsExactly("currentPassword");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(fields(weak)).containsExactly("newPassword");
		assertThat(fields(missing)).containsExactlyInAnyOrder("currentPassword", "newPassword");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(loginStatus(email, GOOD_PASSWORD, "198.51.100.21")).as("unchanged").isEqualTo(200);
	}

	@Test
	void wrongCurrentPasswordsCountAsFailedSignInsAndAreThrottled() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		String address = "203.0.113.190";
		for (int i = 0; i < 10; i++) {
			assertThat(changePassword(token, "Not-The-Right-One-42", address).status()).isEqualTo(400);
		}

		Http.Response throttled = changePassword(token, GOOD_PASSWORD, address);

		assertThat(throttled.status()).as(throttled.toString()).isEqualTo(429);
		assertThat(throttled.code()).isEqualTo("rate_limited");
		assertThat(throttled.header("Retry-After")).isPresent();
		assertThat(jdbc.sql("select count(*) from login_attempts where ip_address = ?")
			.param(address)
			.query(Long.class)
			.single()).as("counted for the address").isEqualTo(10);
		assertThat(loginStatus(email, GOOD_PASSWORD, "203.0.113.191")).as("counted for the account").isEqualTo(429);
		assertThat(loginStatus(email, NEW_PASSWORD, "203.0.113.191")).as("the password was not changed").isEqualTo(429);
	}

	@Test
	void rightCurrentPasswordClearsEarlierFailures() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		for (int i = 0; i < 9; i++) {
			changePassword(token, "Not-The-Right-One-42", "203.0.113.192");
		}

		assertThat(changePassword(token, GOOD_PASSWORD, "203.0.113.192").status()).isEqualTo(204);

		for (int i = 0; i < 10; i++) {
			assertThat(loginStatus(email, "Not-The-Right-One-42", "203.0.113.193")).isEqualTo(401);
		}
	}

	@Test
	void aPasswordChangeMakesResetLinksMailedBeforeItUnusable() {
		String email = register(uniqueEmail());
		String session = token(email, GOOD_PASSWORD);
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		TestMailbox.Mail mail = TestMailbox.await(email, 2)
			.stream()
			.filter(m -> m.subject().contains("Reset"))
			.findFirst()
			.orElseThrow();

		assertThat(http().post("/api/v1/me/password")
			.bearer(session)
			.json(Map.of("currentPassword", GOOD_PASSWORD, "newPassword", NEW_PASSWORD))
			.send()
			.status()).isEqualTo(204);
		Http.Response confirm = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", mail.token(), "newPassword", "Another-Fresh-Passphrase-77"))
			.send();

		assertThat(confirm.status()).as(confirm.toString()).isEqualTo(400);
		assertThat(fields(confirm)).containsExactly("token");
		assertThat(loginStatus(email, NEW_PASSWORD, "198.51.100.23")).isEqualTo(200);
	}

	@Test
	void resetsPasswordThroughTheMailedLinkAndEndsAllSessions() {
		String email = register(uniqueEmail());
		String session = token(email, GOOD_PASSWORD);

		Http.Response request = http().post("/api/v1/auth/password-reset")
			.json(Map.of("email", email.toUpperCase()))
			.send();
		assertThat(request.status()).isEqualTo(202);
		TestMailbox.Mail mail = TestMailbox.await(email, 2)
			.stream()
			.filter(m -> m.subject().contains("Reset"))
			.findFirst()
			.orElseThrow();
		assertThat(mail.link()).startsWith("http://localhost:").contains("/reset-password?token=");

		Http.Response confirm = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", mail.token(), "newPassword", NEW_PASSWORD))
			.send();

		assertThat(confirm.status()).as(confirm.toString()).isEqualTo(204);
		assertThat(http().get("/api/v1/me").bearer(session).send().status()).isEqualTo(401);
		assertThat(loginStatus(email, NEW_PASSWORD, "198.51.100.22")).isEqualTo(200);
		assertThat(loginStatus(email, GOOD_PASSWORD, "198.51.100.22")).isEqualTo(401);

		Http.Response again = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", mail.token(), "newPassword", "Another-Fresh-Passphrase-77"))
			.send();
		assertThat(again.status()).as("the link works once").isEqualTo(400);
		assertThat(fields(again)).containsExactly("token");
	}

	@Test
	void resetRequestForUnknownEmailIsAlso202AndSendsNothing() {
		String email = uniqueEmail();

		Http.Response answer = http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();

		assertThat(answer.status()).isEqualTo(202);
		assertThat(answer.raw()).isEmpty();
		String known = register(uniqueEmail());
		TestMailbox.await(known, 1);
		assertThat(TestMailbox.to(email)).isEmpty();
	}

	@Test
	void answersAResetRequestBeforeLookingTheEmailUp() throws Exception {
		String email = register(uniqueEmail());
		UUID userId = jdbc.sql("select id from users where email = ?").param(email).query(UUID.class).single();
		try (Connection holder = unpooledConnection()) {
			// The work needs the user's row; held here, the work cannot finish before the
			// answer.
			holder.setAutoCommit(false);
			try (PreparedStatement lock = holder.prepareStatement("select id from users where id = ? for update")) {
				lock.setObject(1, userId);
				lock.executeQuery().close();
			}

			CompletableFuture<Http.Response> answer = CompletableFuture
				.supplyAsync(() -> http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send());

			assertThat(answer.get(15, TimeUnit.SECONDS).status()).isEqualTo(202);
			assertThat(resetTokens(email)).as("the work is still waiting").isZero();
			holder.rollback();
		}

		assertThat(TestMailbox.await(email, 2)).anyMatch(m -> m.subject().contains("Reset"));
		assertThat(resetTokens(email)).isEqualTo(1);
	}

	@Test
	void weakPasswordAtResetIsRefusedAndLeavesTheLinkUsable() {
		String email = register(uniqueEmail());
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		TestMailbox.Mail mail = TestMailbox.awaitLatest(email, 2);

		Http.Response weak = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", mail.token(), "newPassword", "password1234"))
			.send();
		assertThat(weak.status()).isEqualTo(400);
		assertThat(fields(weak)).containsExactly("newPassword");

		Http.Response strong = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", mail.token(), "newPassword", NEW_PASSWORD))
			.send();
		assertThat(strong.status()).isEqualTo(204);
	}

	@Test
	void resetWithForgedTokenOrBadBodyNamesTheFields() {
		Http.Response forged = http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", "forged", "newPassword", NEW_PASSWORD))
			.send();
		Http.Response empty = http().post("/api/v1/auth/password-reset/confirm").json("{}").send();
		Http.Response badRequest = http().post("/api/v1/auth/password-reset").json("{}").send();

		assertThat(forged.status()).isEqualTo(400);
		assertThat(fields(forged)).containsExactly("token");
		assertThat(fields(empty)).containsExactlyInAnyOrder("token", "newPassword");
		assertThat(fields(badRequest)).containsExactly("email");
	}

	@Test
	void resetMailsAreNotSentMoreThanOnceAMinute() {
		String email = register(uniqueEmail());
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		TestMailbox.await(email, 2);

		// The answer comes before the work, so the second request's work is done here,
		// where its end is known.
		reset.mailLink(email);

		assertThat(resetTokens(email)).isEqualTo(1);
	}

	@Test
	void verifiesEmailWithTheMailedLink() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		TestMailbox.Mail mail = TestMailbox.awaitLatest(email, 1);
		assertThat(mail.subject()).contains("Confirm your e-mail");
		assertThat(mail.link()).contains("/verify-email?token=");
		assertThat(http().get("/api/v1/me").bearer(token).send().json().path("emailVerified").asBoolean()).isFalse();

		Http.Response answer = http().post("/api/v1/auth/verify-email").json(Map.of("token", mail.token())).send();

		assertThat(answer.status()).isEqualTo(204);
		assertThat(http().get("/api/v1/me").bearer(token).send().json().path("emailVerified").asBoolean()).isTrue();
		Http.Response again = http().post("/api/v1/auth/verify-email").json(Map.of("token", mail.token())).send();
		assertThat(again.status()).isEqualTo(400);
		assertThat(fields(again)).containsExactly("token");
	}

	@Test
	void verificationRefusesForgedOrMissingTokens() {
		assertThat(fields(http().post("/api/v1/auth/verify-email").json(Map.of("token", "nope")).send()))
			.containsExactly("token");
		assertThat(fields(http().post("/api/v1/auth/verify-email").json("{}").send())).containsExactly("token");
	}

	@Test
	void resetTokenCannotVerifyAnEmail() {
		String email = register(uniqueEmail());
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		TestMailbox.Mail reset = TestMailbox.awaitLatest(email, 2);

		assertThat(http().post("/api/v1/auth/verify-email").json(Map.of("token", reset.token())).send().status())
			.isEqualTo(400);
	}

	@Test
	void resendsVerificationOnRequest() {
		String email = register(uniqueEmail());
		String token = token(email, GOOD_PASSWORD);
		TestMailbox.await(email, 1);
		jdbc.sql("update one_time_tokens set created_at = created_at - interval '2 minutes' "
				+ "where user_id = (select id from users where email = ?)")
			.param(email)
			.update();

		assertThat(http().post("/api/v1/me/email-verification").bearer(token).send().status()).isEqualTo(202);

		TestMailbox.Mail second = TestMailbox.awaitLatest(email, 2);
		assertThat(http().post("/api/v1/auth/verify-email").json(Map.of("token", second.token())).send().status())
			.isEqualTo(204);
	}

	private long resetTokens(String email) {
		return jdbc
			.sql("select count(*) from one_time_tokens t join users u on u.id = t.user_id "
					+ "where u.email = ? and purpose = 'password_reset'")
			.param(email)
			.query(Long.class)
			.single();
	}

	private Http.Response changePassword(String token, String currentPassword, String address) {
		return http().post("/api/v1/me/password")
			.bearer(token)
			.header("X-Forwarded-For", address)
			.json(Map.of("currentPassword", currentPassword, "newPassword", NEW_PASSWORD))
			.send();
	}

	private int loginStatus(String email, String password, String address) {
		return http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", address)
			.json(Map.of("email", email, "password", password))
			.send()
			.status();
	}

}

package io.bodega.accounts;

import java.util.Map;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import io.bodega.testing.LogCapture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sign-ups are limited per client address (3 an hour on this server) and in all (8 an
 * hour), across nodes.
 */
class RegistrationLimitTests extends LockedDownApiTest {

	@Test
	void signUpsAreLimitedPerAddressAndInAll() {
		int mark = LogCapture.mark();
		Http first = httpFrom("127.0.0.41");
		for (int i = 0; i < 3; i++) {
			assertThat(signUp(first, uniqueEmail()).status()).isEqualTo(201);
		}
		String refusedEmail = uniqueEmail();

		Http.Response refused = signUp(first, refusedEmail);

		assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
		assertThat(refused.code()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(refused.header("Retry-After").orElseThrow())).isBetween(1L, 3600L);
		assertThat(
				jdbc.sql("select count(*) from users where email = ?").param(refusedEmail).query(Long.class).single())
			.isZero();
		assertThat(LogCapture.since(mark)).as("the refusal is in the security log").anySatisfy(line -> {
			assertThat(line.logger()).isEqualTo("bodega.security");
			assertThat(line.keyValues()).contains("event.action=rate-limit")
				.contains("registration-address")
				.contains("client.ip=127.0.0.41");
		});

		for (int i = 42; i < 47; i++) {
			assertThat(signUp(httpFrom("127.0.0." + i), uniqueEmail()).status()).as("from another address")
				.isEqualTo(201);
		}
		Http.Response overall = signUp(httpFrom("127.0.0.47"), uniqueEmail());
		assertThat(overall.status()).as("the ninth sign-up of the hour, from a fresh address").isEqualTo(429);
		assertThat(overall.json().path("detail").asString()).contains("at the moment");
	}

	private static Http.Response signUp(Http client, String email) {
		return client.post("/api/v1/auth/register")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "name", "Limited"))
			.send();
	}

}

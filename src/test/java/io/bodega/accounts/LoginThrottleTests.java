package io.bodega.accounts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTests extends ApiTest {

	private static final String WRONG = "Not-The-Right-One-42";

	@Test
	void tenFailuresForOneAccountGive429WithRetryAfter() {
		String email = register(uniqueEmail());
		for (int i = 0; i < 10; i++) {
			assertThat(attempt(email, WRONG, "203.0.113." + i).status()).isEqualTo(401);
		}

		Http.Response locked = attempt(email, WRONG, "203.0.113.50");

		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.code()).isEqualTo("rate_limited");
		long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
		assertThat(retryAfter).isBetween(1L, 15 * 60L);
		assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.51").status())
			.as("even the right password waits, from an address the owner never signed in from")
			.isEqualTo(429);
	}

	@Test
	void lockLiftsWhenTheWindowHasPassed() {
		String email = register(uniqueEmail());
		for (int i = 0; i < 10; i++) {
			attempt(email, WRONG, "203.0.113.60");
		}
		assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.60").status()).isEqualTo(429);

		jdbc.sql("update login_attempts set at = at - interval '16 minutes' where email = ?").param(email).update();

		assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.60").status()).isEqualTo(200);
	}

	@Test
	void passwordResetLiftsTheLockAtOnce() {
		String email = register(uniqueEmail());
		for (int i = 0; i < 11; i++) {
			attempt(email, WRONG, "203.0.113.70");
		}
		http().post("/api/v1/auth/password-reset").json(Map.of("email", email)).send();
		String token = TestMailbox.awaitLatest(email, 2).token();
		String newPassword = "Juniper-Basalt-Harmonica-64";
		assertThat(http().post("/api/v1/auth/password-reset/confirm")
			.json(Map.of("token", token, "newPassword", newPassword))
			.send()
			.status()).isEqualTo(204);

		assertThat(attempt(email, newPassword, "203.0.113.70").status()).isEqualTo(200);
	}

	@Test
	void successfulSignInsAreNeverCountedAndClearEarlierFailures() {
		String email = register(uniqueEmail());
		for (int round = 0; round < 3; round++) {
			for (int i = 0; i < 9; i++) {
				assertThat(attempt(email, WRONG, "203.0.113.80").status()).isEqualTo(401);
			}
			assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.80").status()).isEqualTo(200);
		}
		for (int i = 0; i < 20; i++) {
			assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.80").status()).isEqualTo(200);
		}
	}

	@Test
	void unknownEmailsAreThrottledLikeRealOnes() {
		String email = uniqueEmail();
		for (int i = 0; i < 10; i++) {
			assertThat(attempt(email, WRONG, "203.0.113.90").status()).isEqualTo(401);
		}
		assertThat(attempt(email, WRONG, "203.0.113.90").status()).isEqualTo(429);
	}

	@Test
	void concurrentGuessesCannotSlipPastTheLimit() throws Exception {
		String email = register(uniqueEmail());
		int guesses = 30;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<Integer>> answers = new ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(guesses)) {
			for (int i = 0; i < guesses; i++) {
				String address = "203.0.114." + i;
				answers.add(pool.submit(() -> {
					start.await();
					return attempt(email, WRONG, address).status();
				}));
			}
			start.countDown();
			int wrong = 0;
			for (Future<Integer> answer : answers) {
				int status = answer.get();
				assertThat(status).isIn(401, 429);
				wrong += status == 401 ? 1 : 0;
			}
			assertThat(wrong).as("password checks made").isLessThanOrEqualTo(10);
		}
	}

	@Test
	void oneAddressIsThrottledAfterFarMoreFailuresAcrossAccounts() {
		String address = "192.0.2.77";
		for (int i = 0; i < 100; i++) {
			assertThat(attempt(uniqueEmail(), WRONG, address).status()).isEqualTo(401);
		}

		Http.Response locked = attempt(uniqueEmail(), WRONG, address);

		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.header("Retry-After")).isPresent();
		assertThat(attempt(uniqueEmail(), WRONG, "192.0.2.78").status()).as("other addresses are not affected")
			.isEqualTo(401);
	}

	@Test
	void ownerSigningInFromAKnownAddressIsNotLockedOutByFailuresFromElsewhere() {
		String email = register(uniqueEmail());
		String home = "198.51.100.150";
		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(200);
		for (int i = 0; i < 11; i++) {
			attempt(email, WRONG, "203.0.113.15" + (i % 3));
		}
		assertThat(attempt(email, GOOD_PASSWORD, "203.0.113.160").status()).as("locked for other addresses")
			.isEqualTo(429);

		assertThat(attempt(email, GOOD_PASSWORD, home).status()).as("the owner at home").isEqualTo(200);

		assertThat(attempt(email, WRONG, "203.0.113.161").status()).as("the owner's sign-in cleared the failures")
			.isEqualTo(401);
	}

	@Test
	void wrongPasswordFromAKnownAddressWhileLockedIs429AndCounted() {
		String email = register(uniqueEmail());
		String home = "198.51.100.151";
		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(200);
		for (int i = 0; i < 10; i++) {
			assertThat(attempt(email, WRONG, "203.0.113.170").status()).isEqualTo(401);
		}

		Http.Response wrong = attempt(email, WRONG, home);

		assertThat(wrong.status()).isEqualTo(429);
		assertThat(wrong.code()).isEqualTo("rate_limited");
		assertThat(Long.parseLong(wrong.header("Retry-After").orElseThrow())).isBetween(1L, 15 * 60L);
		assertThat(failuresOf(email)).as("the wrong guess from home stays counted").isEqualTo(11);
		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(200);
	}

	@Test
	void knownAddressesAreForgottenAfterNinetyDays() {
		String email = register(uniqueEmail());
		String home = "198.51.100.152";
		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(200);
		for (int i = 0; i < 10; i++) {
			attempt(email, WRONG, "203.0.113.180");
		}
		jdbc.sql("update known_sign_in_addresses set last_success = now() - interval '91 days' where email = ?")
			.param(email)
			.update();

		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(429);
	}

	@Test
	void theAddressLimitHoldsForAKnownAddressToo() {
		String email = register(uniqueEmail());
		String home = "198.51.100.153";
		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(200);
		jdbc.sql("insert into login_attempts (email, ip_address) "
				+ "select 'guess-' || g || '@example.com', ? from generate_series(1, 100) g")
			.param(home)
			.update();

		assertThat(attempt(email, GOOD_PASSWORD, home).status()).isEqualTo(429);
	}

	@Test
	void ipv6ClientsAreCountedByTheirSlash64() {
		String email = uniqueEmail();
		for (String address : List.of("2001:db8:77:1::1", "2001:db8:77:1:ffff:ffff:ffff:fffe", "2001:db8:77:2::1")) {
			assertThat(attempt(email, WRONG, address).status()).isEqualTo(401);
		}

		assertThat(jdbc.sql("select ip_address from login_attempts where email = ? order by id")
			.param(email)
			.query(String.class)
			.list())
			.containsExactly("2001:db8:77:1:0:0:0:0/64", "2001:db8:77:1:0:0:0:0/64", "2001:db8:77:2:0:0:0:0/64");
	}

	private long failuresOf(String email) {
		return jdbc.sql("select count(*) from login_attempts where email = ?").param(email).query(Long.class).single();
	}

	private Http.Response attempt(String email, String password, String address) {
		return http().post("/api/v1/auth/login")
			.header("X-Forwarded-For", address)
			.json(Map.of("email", email, "password", password))
			.send();
	}

}

package io.bodega.accounts.registration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.accounts.users.PasswordHashing;
import io.bodega.testing.ApiTest;
import io.bodega.testing.CountingPasswordEncoder;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A flood of sign-ups cannot take the password work sign-in needs: the administrators can
 * still get in.
 */
class RegistrationFloodTests extends ApiTest {

	private static final int FLOOD = 16;

	@Autowired
	PasswordHashing passwords;

	@Autowired
	Registration registration;

	@Test
	void signInStillWorksWhileRegistrationsFloodThePasswordGate() throws Exception {
		List<Future<Integer>> registrations = new ArrayList<>();
		Http.Response signIn;
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
				AutoCloseable held = CountingPasswordEncoder.holdHashing()) {
			for (int i = 0; i < FLOOD; i++) {
				registrations.add(pool.submit(() -> http().post("/api/v1/auth/register")
					.json(Map.of("email", uniqueEmail(), "password", GOOD_PASSWORD, "name", "Flood"))
					.send()
					.status()));
			}
			// Every registration is now hashing (held), waiting for the gate or for its
			// turn on this node, or answered.
			await().atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> CountingPasswordEncoder.HELD.get() + passwords.waiting() + registration.waiting()
						+ registrations.stream().filter(Future::isDone).count() == FLOOD);

			signIn = http().post("/api/v1/auth/login")
				.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
				.send();
		}
		assertThat(signIn.status()).as(signIn.toString()).isEqualTo(200);
		for (Future<Integer> registration : registrations) {
			assertThat(registration.get()).isIn(201, 429);
		}
	}

}

package io.bodega.accounts.registration;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.bodega.shared.db.AdvisoryLocks;
import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A flood of sign-ups holds at most a few database connections, however long each one
 * waits in the database: here every sign-up waits for the shop-wide count, which the test
 * holds locked, and sign-in still works.
 */
class RegistrationAdmissionTests extends LockedDownApiTest {

	private static final int FLOOD = 40;

	@Autowired
	Registration registration;

	@Test
	void signUpsWaitingInTheDatabaseCannotTakeEveryConnection() throws Exception {
		long shopWide = AdvisoryLocks.key("rate-limit\nregistration\nall");
		List<Future<Integer>> signUps = new ArrayList<>();
		Http.Response signIn;
		try (Connection holder = unpooledConnection();
				ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			try (PreparedStatement lock = holder.prepareStatement("select pg_advisory_lock(?)")) {
				lock.setLong(1, shopWide);
				lock.execute();
			}
			for (int i = 0; i < FLOOD; i++) {
				Http client = httpFrom("127.0.1." + (10 + i));
				signUps.add(pool.submit(() -> client.post("/api/v1/auth/register")
					.json(Map.of("email", uniqueEmail(), "password", GOOD_PASSWORD, "name", "Flood"))
					.send()
					.status()));
			}
			// Every sign-up is now either waiting for the lock, waiting for its turn on
			// this node, or answered.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> lockWaits(holder) + registration.waiting()
						+ signUps.stream().filter(Future::isDone).count() == FLOOD);

			signIn = httpFrom("127.0.1.200").post("/api/v1/auth/login")
				.json(Map.of("email", ADMIN_EMAIL, "password", ADMIN_PASSWORD))
				.send();

			try (PreparedStatement unlock = holder.prepareStatement("select pg_advisory_unlock(?)")) {
				unlock.setLong(1, shopWide);
				unlock.execute();
			}
		}
		assertThat(signIn.status()).as(signIn.toString()).isEqualTo(200);
		List<Integer> answers = new ArrayList<>();
		for (Future<Integer> signUp : signUps) {
			answers.add(signUp.get());
		}
		assertThat(answers).containsOnly(201, 429).contains(429);
	}

	private static long lockWaits(Connection watcher) throws SQLException {
		try (PreparedStatement waiting = watcher.prepareStatement("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'
				  and query like 'select count(pg_advisory_xact_lock%'"""); ResultSet rs = waiting.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

}

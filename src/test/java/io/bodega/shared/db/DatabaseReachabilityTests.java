package io.bodega.shared.db;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness knows whether the node reaches its database: from its own probe, and at once
 * from a failed request.
 */
class DatabaseReachabilityTests extends ApiTest {

	@Test
	void aDatabaseNobodyAnswersAtIsReportedDown() throws Exception {
		try (HikariDataSource pool = new HikariDataSource()) {
			// a loopback port nothing listens on: connections are refused
			pool.setJdbcUrl("jdbc:postgresql://127.0.0.1:9/bodega");
			pool.setUsername("nobody");
			DatabaseReachability reachability = new DatabaseReachability(pool);
			reachability.start();
			try {
				await().atMost(Duration.ofSeconds(10))
					.until(() -> reachability.health().getStatus().equals(Status.DOWN));
			}
			finally {
				reachability.stop();
				reachability.destroy();
			}
		}
	}

	@Test
	void aRequestThatFoundTheDatabaseGoneTurnsItDownUntilTheProbeReachesItAgain() throws Exception {
		HikariDataSource server = dataSource.unwrap(HikariDataSource.class);
		try (HikariDataSource pool = new HikariDataSource()) {
			// the test server's database, through a probe of its own
			pool.setJdbcUrl(server.getJdbcUrl());
			pool.setUsername(server.getUsername());
			pool.setPassword(server.getPassword());
			DatabaseReachability reachability = new DatabaseReachability(pool);
			// not started: only the request's word counts
			assertThat(reachability.health().getStatus()).isEqualTo(Status.UP);
			reachability.unreachable();
			assertThat(reachability.health().getStatus()).isEqualTo(Status.DOWN);
			reachability.start();
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> reachability.health().getStatus().equals(Status.UP));
			}
			finally {
				reachability.stop();
				reachability.destroy();
			}
		}
	}

}

package io.bodega.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What every module test ({@code @ApplicationModuleTest}) stands on: the test profile,
 * the suite's SMTP server, and one PostgreSQL that all module tests share (the one
 * {@code BODEGA_TEST_DB_URL} names, or an embedded one started once for the JVM). Each
 * module's context is its own (Spring Modulith bootstraps only the module, plus
 * {@code shared}), so what they can share is kept here: a database migrated once, small
 * connection pools, one data directory. The database is named as an external one, as in
 * CI's run on a PostgreSQL server, so no module context starts a server of its own.
 */
@ActiveProfiles("test")
public abstract class ModuleTest {

	private static final Path DATA_DIR = TestDataDirectory.create("bodega-module-test-");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("bodega.data-dir", DATA_DIR::toString);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailbox::port);
		registry.add("bodega.db.url", Database::url);
		registry.add("spring.datasource.url", Database::url);
		registry.add("spring.datasource.username", Database::user);
		registry.add("spring.datasource.password", Database::password);
		// Eleven module contexts stay cached side by side on one server.
		registry.add("spring.datasource.hikari.maximum-pool-size", () -> 4);
		registry.add("spring.datasource.hikari.minimum-idle", () -> 0);
	}

	/**
	 * The module tests' PostgreSQL: started on first use and stopped when the JVM exits.
	 */
	private static final class Database {

		private static final String EXTERNAL = System.getenv().getOrDefault("BODEGA_TEST_DB_URL", "");

		private static EmbeddedPostgres embedded;

		static synchronized String url() {
			if (!EXTERNAL.isBlank()) {
				return EXTERNAL;
			}
			if (embedded == null) {
				try {
					embedded = EmbeddedPostgres.builder().setServerConfig("max_connections", "200").start();
				}
				catch (IOException e) {
					throw new UncheckedIOException("Could not start the module tests' PostgreSQL", e);
				}
			}
			return embedded.getJdbcUrl("postgres", "postgres");
		}

		static String user() {
			return EXTERNAL.isBlank() ? "postgres" : System.getenv().getOrDefault("BODEGA_TEST_DB_USER", "postgres");
		}

		static String password() {
			return EXTERNAL.isBlank() ? "" : System.getenv().getOrDefault("BODEGA_TEST_DB_PASSWORD", "");
		}

	}

}

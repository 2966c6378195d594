package io.bodega.shared.db;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Set;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded PostgreSQL takes no connection without its password, whether its data
 * directory is new or old.
 */
class EmbeddedPasswordTests {

	@Test
	void aNewEmbeddedDatabaseAsksForItsPassword(@TempDir Path dataDir) throws Exception {
		try (EmbeddedPostgres postgres = EmbeddedPostgresStarter.obtain(dataDir)) {
			assertRefusedWithoutThePasswordAndTakenWithIt(postgres, dataDir);
		}
		Path file = dataDir.resolve("postgres-password");
		assertThat(Files.getPosixFilePermissions(file))
			.isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
	}

	@Test
	void aDataDirectoryThatTrustedLocalConnectionsAsksForThePasswordFromItsNextStart(@TempDir Path dataDir)
			throws Exception {
		// As Bodega made them before: zonky's default initdb trusts every local
		// connection.
		try (EmbeddedPostgres old = EmbeddedPostgres.builder()
			.setDataDirectory(dataDir.resolve("postgres"))
			.setCleanDataDirectory(false)
			.setRegisterShutdownHook(false)
			.start(); Connection trusted = DriverManager.getConnection(url(old), "postgres", "")) {
			assertThat(trusted.isValid(1)).isTrue();
		}

		try (EmbeddedPostgres postgres = EmbeddedPostgresStarter.obtain(dataDir)) {
			assertRefusedWithoutThePasswordAndTakenWithIt(postgres, dataDir);
		}
		try (EmbeddedPostgres again = EmbeddedPostgresStarter.obtain(dataDir)) {
			assertRefusedWithoutThePasswordAndTakenWithIt(again, dataDir);
		}
	}

	private static void assertRefusedWithoutThePasswordAndTakenWithIt(EmbeddedPostgres postgres, Path dataDir)
			throws Exception {
		String password = Files.readString(dataDir.resolve("postgres-password")).strip();
		assertThatThrownBy(() -> DriverManager.getConnection(url(postgres), "postgres", ""))
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("password");
		assertThatThrownBy(() -> DriverManager.getConnection(url(postgres), "postgres", "not-" + password))
			.isInstanceOf(SQLException.class)
			.hasMessageContaining("password");
		try (Connection connection = DriverManager.getConnection(url(postgres), "postgres", password)) {
			assertThat(connection.isValid(1)).isTrue();
		}
	}

	private static String url(EmbeddedPostgres postgres) {
		return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
	}

}

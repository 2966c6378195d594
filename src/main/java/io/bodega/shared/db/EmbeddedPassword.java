package io.bodega.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL asks for a password, even on loopback: any local user or process could otherwise read and
 * change the shop's data. The password is random, made at the first start and kept in a file beside the data
 * directory that only its owner may read. A data directory made before Bodega did this (it trusted every local
 * connection) gets the password and the password rule at its next start.
 */
final class EmbeddedPassword {

	static final String METHOD = "scram-sha-256";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPassword.class);
	private static final Pattern TRUST = Pattern.compile("^(\\s*(?:local|host\\S*)\\s.*\\s)trust(\\s*(?:#.*)?)$");

	private EmbeddedPassword() {
	}

	/** The password in {@code file}, made at random (256 bits) if there is none yet. */
	static String readOrCreate(Path file) {
		try {
			if (!Files.exists(file)) {
				Files.createDirectories(file.toAbsolutePath().getParent());
				byte[] random = new byte[32];
				new SecureRandom().nextBytes(random);
				try {
					Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random),
							StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
					if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
						Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
					}
				}
				catch (FileAlreadyExistsException raced) {
					// made by a racing start: read it below
				}
			}
			return Files.readString(file).strip();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read or create the embedded database's password file " + file, e);
		}
	}

	/**
	 * Makes a data directory that still trusts local connections ask for {@code password}: sets it for the superuser
	 * (a trusted connection may), then turns every {@code trust} rule of {@code pg_hba.conf} into a password rule and
	 * has the server reload it.
	 */
	static void require(EmbeddedPostgres postgres, Path pgData, String password) throws IOException {
		Path hba = pgData.resolve("pg_hba.conf");
		List<String> rules = Files.readAllLines(hba);
		if (rules.stream().noneMatch(rule -> TRUST.matcher(rule).matches())) {
			return;
		}
		try (Connection connection = postgres.getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			// The password is base64url: nothing in it needs quoting.
			statement.execute("alter role postgres password '" + password + "'");
			Files.write(hba, rules.stream().map(rule -> TRUST.matcher(rule).replaceAll("$1" + METHOD + "$2")).toList());
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not give the embedded PostgreSQL in " + pgData + " a password", e);
		}
		log.warn("The embedded PostgreSQL in {} trusted every local connection; it now asks for the password kept in {}",
				pgData, EmbeddedPostgresStarter.passwordFile(pgData));
	}
}

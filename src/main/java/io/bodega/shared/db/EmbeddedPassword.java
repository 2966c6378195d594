package io.bodega.shared.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;

import io.bodega.shared.keys.SecretFile;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL asks for a password, even on loopback: any local user or
 * process could otherwise read and change the shop's data. The password is random, made
 * at the first start and kept in a file beside the data directory that only its owner may
 * read. A data directory made before Bodega did this (it trusted every local connection)
 * gets the password and the password rule at its next start.
 */
final class EmbeddedPassword {

	static final String METHOD = "scram-sha-256";

	private static final Logger log = LoggerFactory.getLogger(EmbeddedPassword.class);

	private static final Pattern TRUST = Pattern.compile("^(\\s*(?:local|host\\S*)\\s.*\\s)trust(\\s*(?:#.*)?)$");

	private EmbeddedPassword() {
	}

	/** The password in {@code file}, made at random (256 bits) if there is none yet. */
	static String readOrCreate(Path file) {
		return SecretFile.readOrCreate(file);
	}

	/**
	 * Makes a data directory that still trusts local connections ask for
	 * {@code password}: sets it for the superuser (a trusted connection may), then turns
	 * every {@code trust} rule of {@code pg_hba.conf} into a password rule and has the
	 * server reload it.
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
			// Written beside and moved into place, so a crash leaves the old rules or the
			// new, never half a file.
			Path draft = pgData.resolve("pg_hba.conf.new");
			Files.write(draft,
					rules.stream().map(rule -> TRUST.matcher(rule).replaceAll("$1" + METHOD + "$2")).toList());
			Files.move(draft, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			statement.execute("select pg_reload_conf()");
		}
		catch (SQLException e) {
			throw new IllegalStateException("Could not give the embedded PostgreSQL in " + pgData + " the password in "
					+ EmbeddedPostgresStarter.passwordFile(pgData), e);
		}
		log.warn(
				"The embedded PostgreSQL in {} trusted every local connection; it now asks for the password kept in {}",
				pgData, EmbeddedPostgresStarter.passwordFile(pgData));
	}

}

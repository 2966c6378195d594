package io.bodega.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh data directory for one test server (its embedded PostgreSQL, mails, media and
 * generated secret).
 */
final class TestDataDirectory {

	private TestDataDirectory() {
	}

	static Path create(String prefix) {
		try {
			return Files.createTempDirectory(prefix);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}

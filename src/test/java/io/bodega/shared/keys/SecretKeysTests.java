package io.bodega.shared.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import io.bodega.BodegaApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretKeysTests {

	private static final String SECRET = "q7Vt2LxN9pRk4WbZc8HfJm3SdYg6AeUo";

	@Test
	void eachPurposeHasItsOwnKeyTheSameOnEveryNodeWithTheSameSecret() {
		SecretKeys node1 = new SecretKeys(SecretKeys.secret(SECRET, false, null));
		SecretKeys node2 = new SecretKeys(SecretKeys.secret(SECRET, false, null));
		SecretKeys other = new SecretKeys(SecretKeys.secret(SECRET.replace('q', 'x'), false, null));

		assertThat(node1.key("cursor-signing")).hasSize(32)
			.isEqualTo(node2.key("cursor-signing"))
			.isNotEqualTo(node1.key("idempotency-answers"))
			.isNotEqualTo(other.key("cursor-signing"));
		assertThat(node1.key("cursor-signing")).as("not the secret itself")
			.isNotEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void anExternalDatabaseNeedsTheSecretFromTheEnvironment() {
		assertThatThrownBy(() -> SecretKeys.secret("", false, null)).isInstanceOf(MissingSecretKey.class)
			.hasMessageContaining("BODEGA_SECRET_KEY")
			.hasMessageContaining("openssl rand");
	}

	@Test
	void aWeakSecretIsRefused() {
		for (String weak : new String[] { "short-but-random-7Qx", "a".repeat(64),
				"0101010101010101010101010101010101" }) {
			assertThatThrownBy(() -> SecretKeys.secret(weak, false, null)).as(weak)
				.isInstanceOf(MissingSecretKey.class)
				.hasMessageContaining("too weak");
		}
	}

	@Test
	void theEmbeddedDatabaseGetsASecretGeneratedOnceIntoTheDataDirectory(@TempDir Path dataDir) throws Exception {
		byte[] first = SecretKeys.secret("", true, dataDir);
		byte[] again = SecretKeys.secret("", true, dataDir);

		assertThat(first).isEqualTo(again).hasSizeGreaterThanOrEqualTo(SecretKeys.MIN_LENGTH);
		Path file = dataDir.resolve(SecretKeys.FILE);
		assertThat(Files.readString(file)).isEqualTo(new String(first, StandardCharsets.UTF_8));
		assertThat(Files.getPosixFilePermissions(file))
			.isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
		assertThat(SecretKeys.secret(SECRET, true, dataDir)).as("the environment's secret wins")
			.isEqualTo(SECRET.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void bodegaRefusesToStartWithAnExternalDatabaseAndNoSecretBeforeConnectingToIt(@TempDir Path dataDir) {
		// Nothing listens on port 1: had Bodega tried the database first, the failure
		// would be a connection error.
		SpringApplicationBuilder app = new SpringApplicationBuilder(BodegaApplication.class);

		assertThatThrownBy(() -> app
			.run("--BODEGA_DB_URL=jdbc:postgresql://127.0.0.1:1/bodega", "--BODEGA_SECRET_KEY=",
					"--BODEGA_DATA_DIR=" + dataDir, "--SERVER_PORT=0")
			.close()).isInstanceOf(MissingSecretKey.class).hasMessageContaining("BODEGA_SECRET_KEY");
	}

}

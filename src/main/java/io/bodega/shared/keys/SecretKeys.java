package io.bodega.shared.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.KDF;
import javax.crypto.spec.HKDFParameterSpec;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The keys that sign payment webhooks, seal kept idempotent answers, fingerprint requests
 * (a payment's holds a card number) and sign list cursors. Each is derived with
 * HKDF-SHA256 from one server secret for its own purpose, so one key never serves two
 * uses, and none of them is in the database they protect: a copy of the database can
 * neither forge a webhook nor reverse a fingerprint.
 * <p>
 * The secret is {@code BODEGA_SECRET_KEY}. With an external database it is required
 * (every node of a cluster must have the same), and Bodega refuses to start without it
 * ({@link SecretKeyCheck}). With the embedded database it may be left out: one is then
 * generated into the data directory ({@value #FILE}, readable by its owner only), beside
 * the database but not in it.
 */
@Component
public class SecretKeys {

	static final String FILE = "secret-key";
	static final int MIN_LENGTH = 32;
	static final int MIN_DISTINCT_CHARACTERS = 10;
	static final String HOW_TO_MAKE_ONE = "make one with `openssl rand -base64 32` and give every node the same value";

	private static final byte[] SALT = "bodega secret key v1".getBytes(StandardCharsets.US_ASCII);

	private static final int KEY_BYTES = 32;

	private final byte[] secret;

	private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

	@Autowired
	SecretKeys(Environment environment) {
		this(secret(environment));
	}

	SecretKeys(byte[] secret) {
		this.secret = secret.clone();
	}

	/**
	 * The 256-bit key for one purpose, such as {@code "cursor-signing"}; the same on
	 * every node with the same secret.
	 */
	public byte[] key(String purpose) {
		return keys.computeIfAbsent(purpose, this::derive).clone();
	}

	private byte[] derive(String purpose) {
		try {
			KDF hkdf = KDF.getInstance("HKDF-SHA256");
			return hkdf.deriveData(HKDFParameterSpec.ofExtract()
				.addIKM(secret)
				.addSalt(SALT)
				.thenExpand(purpose.getBytes(StandardCharsets.UTF_8), KEY_BYTES));
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HKDF-SHA256 is part of every JDK 25", e);
		}
	}

	/**
	 * The server secret the environment gives, or the one generated for the embedded
	 * database.
	 */
	static byte[] secret(Environment environment) {
		return secret(environment.getProperty("bodega.secret-key", ""),
				environment.getProperty("bodega.db.url", "").isBlank(),
				Path.of(environment.getProperty("bodega.data-dir", "./data")));
	}

	static byte[] secret(String configured, boolean embeddedDatabase, Path dataDir) {
		if (!configured.isBlank()) {
			return checked(configured.strip(), "BODEGA_SECRET_KEY");
		}
		if (!embeddedDatabase) {
			throw missing();
		}
		return checked(SecretFile.readOrCreate(dataDir.resolve(FILE)), dataDir.resolve(FILE).toString());
	}

	static MissingSecretKey missing() {
		return new MissingSecretKey("BODEGA_SECRET_KEY is not set. With an external database (BODEGA_DB_URL) Bodega "
				+ "needs one high-entropy secret, at least " + MIN_LENGTH
				+ " characters, from which it derives the keys "
				+ "that sign payment webhooks, seal idempotent answers and fingerprint requests; " + HOW_TO_MAKE_ONE
				+ ".");
	}

	/**
	 * Refuses a secret that cannot be high-entropy: too short, or made of a handful of
	 * characters.
	 */
	static void check(String configured) {
		if (!configured.isBlank()) {
			checked(configured.strip(), "BODEGA_SECRET_KEY");
		}
	}

	private static byte[] checked(String value, String source) {
		if (value.length() < MIN_LENGTH || value.chars().distinct().count() < MIN_DISTINCT_CHARACTERS) {
			throw new MissingSecretKey(source + " is too weak: it must be at least " + MIN_LENGTH + " characters of a "
					+ "random value (at least " + MIN_DISTINCT_CHARACTERS + " different characters); " + HOW_TO_MAKE_ONE
					+ ".");
		}
		return value.getBytes(StandardCharsets.UTF_8);
	}

}

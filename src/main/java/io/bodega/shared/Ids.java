package io.bodega.shared;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Identifiers and secrets. Ids are time-ordered UUIDs (version 7); secrets are 256 random
 * bits, base64url.
 */
public final class Ids {

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private Ids() {
	}

	/** A new UUIDv7: sortable by creation time, so B-tree inserts stay local. */
	public static UUID newId() {
		long millis = System.currentTimeMillis();
		long randA = RANDOM.nextInt(1 << 12);
		long msb = (millis << 16) | 0x7000L | randA;
		long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
		return new UUID(msb, lsb);
	}

	/** A URL-safe secret of 256 random bits (43 characters). */
	public static String newSecret() {
		byte[] bytes = new byte[32];
		RANDOM.nextBytes(bytes);
		return BASE64URL.encodeToString(bytes);
	}

	/**
	 * The id in a path, or 404 for {@code what}: anything that is not a UUID is simply an
	 * unknown id.
	 */
	public static UUID require(String value, String what) {
		UUID id = parseOrNull(value);
		if (id == null) {
			throw new NotFound(what);
		}
		return id;
	}

	/** Parses an id from a path; anything that is not a UUID is simply an unknown id. */
	public static UUID parseOrNull(String value) {
		if (value == null || value.length() != 36) {
			return null;
		}
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

}

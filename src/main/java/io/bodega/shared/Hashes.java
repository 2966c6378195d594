package io.bodega.shared;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest Bodega uses: for stored secrets, content names, ETags and request fingerprints. */
public final class Hashes {

	private Hashes() {
	}

	public static byte[] sha256(byte[] bytes) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(bytes);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException("SHA-256 is part of every JDK", e);
		}
	}

	/** The digest of a text's UTF-8 bytes. */
	public static byte[] sha256(String text) {
		return sha256(text.getBytes(StandardCharsets.UTF_8));
	}

	public static String sha256Hex(byte[] bytes) {
		return HexFormat.of().formatHex(sha256(bytes));
	}

	public static String sha256Hex(String text) {
		return HexFormat.of().formatHex(sha256(text));
	}
}

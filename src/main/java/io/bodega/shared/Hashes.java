package io.bodega.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SHA-256, the one digest Bodega uses: for stored secrets, content names and ETags; and
 * HMAC-SHA256 where a digest of guessable input must not be reversible by trying inputs
 * (request fingerprints that hold card numbers).
 */
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

	/** HMAC-SHA256 of a text's UTF-8 bytes under {@code key}, in hex. */
	public static String hmacSha256Hex(byte[] key, String text) {
		return HexFormat.of().formatHex(hmacSha256(key, text.getBytes(StandardCharsets.UTF_8)));
	}

	/** HMAC-SHA256 under {@code key} of the given parts, one after the other. */
	public static byte[] hmacSha256(byte[] key, byte[]... parts) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			for (byte[] part : parts) {
				mac.update(part);
			}
			return mac.doFinal();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("HMAC-SHA256 is part of every JDK", e);
		}
	}

}

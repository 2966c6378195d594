package io.bodega.shared.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Kept idempotent answers are sealed (AES-256-GCM under a key derived from the server
 * secret, bound to their caller and key): they carry bearer secrets such as a guest's
 * {@code orderToken}, which the orders table itself keeps only as a hash, and a copy of
 * the database or a backup must not hand them out. Format: version 1, a 12-byte nonce,
 * the ciphertext.
 */
final class AnswerSeal {

	private static final byte SEALED = 1;

	private static final int NONCE_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private AnswerSeal() {
	}

	static byte[] seal(byte[] secret, byte[] answer, String record) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, nonce, record);
			byte[] sealed = cipher.doFinal(answer);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(SEALED).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-GCM is part of every JDK", e);
		}
	}

	/**
	 * The answer a record keeps; one kept before answers were sealed (plain JSON) is
	 * answered as it is.
	 */
	static byte[] open(byte[] secret, byte[] kept, String record) {
		if (kept.length == 0 || kept[0] != SEALED) {
			return kept;
		}
		try {
			byte[] nonce = Arrays.copyOfRange(kept, 1, 1 + NONCE_BYTES);
			return cipher(Cipher.DECRYPT_MODE, secret, nonce, record).doFinal(kept, 1 + NONCE_BYTES,
					kept.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("A kept idempotent answer does not open: wrong secret, or altered", e);
		}
	}

	private static Cipher cipher(int mode, byte[] secret, byte[] nonce, String record) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, nonce));
		cipher.updateAAD(record.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

}

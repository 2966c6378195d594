package io.bodega.webhooks.endpoints;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.bodega.shared.keys.SecretKeys;

import org.springframework.stereotype.Component;

/**
 * Endpoint signing secrets: made here ({@code whsec_} and the base64 of 32 random bytes),
 * and kept only sealed with AES-256-GCM under a key derived from the server secret, bound
 * to the endpoint's id, so a copy of the database (or a sealed secret moved to another
 * row) signs nothing.
 */
@Component
public class SecretBox {

	static final String PREFIX = "whsec_";

	private static final int NONCE_BYTES = 12;

	private static final int TAG_BITS = 128;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final SecretKeySpec key;

	SecretBox(SecretKeys keys) {
		this.key = new SecretKeySpec(keys.key("webhook-secrets"), "AES");
	}

	/** A new secret as the endpoint's owner is shown it once: {@code whsec_...}. */
	static String newSecret() {
		byte[] random = new byte[32];
		RANDOM.nextBytes(random);
		return PREFIX + Base64.getEncoder().encodeToString(random);
	}

	/**
	 * The HMAC key a {@code whsec_} secret stands for: the bytes after the prefix,
	 * base64-decoded.
	 */
	public static byte[] signingKey(String secret) {
		return Base64.getDecoder().decode(secret.substring(PREFIX.length()));
	}

	byte[] seal(UUID endpoint, String secret) {
		byte[] nonce = new byte[NONCE_BYTES];
		RANDOM.nextBytes(nonce);
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
			cipher.updateAAD(aad(endpoint));
			byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.US_ASCII));
			return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-GCM is part of every JDK", e);
		}
	}

	public String open(UUID endpoint, byte[] sealed) {
		try {
			Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
			cipher.init(Cipher.DECRYPT_MODE, key,
					new GCMParameterSpec(TAG_BITS, Arrays.copyOfRange(sealed, 0, NONCE_BYTES)));
			cipher.updateAAD(aad(endpoint));
			return new String(cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES),
					StandardCharsets.US_ASCII);
		}
		catch (GeneralSecurityException e) {
			// the server secret changed, or the row was tampered with: no message that
			// could help forge one
			throw new IllegalStateException("A webhook secret could not be opened (was BODEGA_SECRET_KEY changed?)");
		}
	}

	private static byte[] aad(UUID endpoint) {
		return ("webhook-endpoint:" + endpoint).getBytes(StandardCharsets.US_ASCII);
	}

}

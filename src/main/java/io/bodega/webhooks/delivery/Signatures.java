package io.bodega.webhooks.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import io.bodega.shared.Hashes;
import io.bodega.webhooks.endpoints.SecretBox;

/**
 * The {@code webhook-signature} header of Standard Webhooks: {@code v1,} and the base64
 * of HMAC-SHA256 over {@code {webhook-id}.{webhook-timestamp}.{body}}, keyed with the
 * secret's bytes; with several secrets (a rotation's overlap) one signature per secret,
 * separated by spaces, so a receiver holding either one accepts the message.
 */
final class Signatures {

	private Signatures() {
	}

	static String sign(List<String> secrets, String webhookId, long timestamp, byte[] body) {
		return secrets.stream()
			.map(secret -> sign(secret, webhookId, timestamp, body))
			.collect(Collectors.joining(" "));
	}

	static String sign(String secret, String webhookId, long timestamp, byte[] body) {
		byte[] mac = Hashes.hmacSha256(SecretBox.signingKey(secret),
				(webhookId + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8), body);
		return "v1," + Base64.getEncoder().encodeToString(mac);
	}

}

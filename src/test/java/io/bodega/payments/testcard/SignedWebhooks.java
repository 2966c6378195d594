package io.bodega.payments.testcard;

import java.nio.charset.StandardCharsets;

import io.bodega.shared.keys.SecretKeys;
import io.bodega.testing.Http;

/** Sends events to the test gateway's webhook as its provider would, signed or not. */
public final class SignedWebhooks {

	private SignedWebhooks() {
	}

	/**
	 * The event {@code payment.succeeded} of the payment whose provider reference is
	 * {@code reference}.
	 */
	public static byte[] succeeded(String eventId, String reference) {
		return ("{\"id\":\"" + eventId + "\",\"type\":\"payment.succeeded\",\"reference\":\"" + reference + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	public static Http.Response send(Http http, byte[] event, String signature) {
		Http.Request request = http.post("/api/v1/payments/webhooks/test_card").body("application/json", event);
		if (signature != null) {
			request.header(TestCardWebhooks.SIGNATURE, signature);
		}
		return request.send();
	}

	/**
	 * The {@code Bodega-Signature} header of the event as the provider signs it at
	 * {@code at} (unix seconds).
	 */
	public static String signature(SecretKeys keys, byte[] event, long at) {
		return signatureWith(keys.key(TestCardProvider.SIGNING_KEY), event, at);
	}

	/** The header as signed with any key. */
	public static String signatureWith(byte[] key, byte[] event, long at) {
		return "t=" + at + ",v1="
				+ new String(TestCardWebhooks.sign(key, Long.toString(at), event), StandardCharsets.US_ASCII);
	}

}

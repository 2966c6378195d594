package io.bodega.payments;

import java.nio.charset.StandardCharsets;

import io.bodega.shared.db.NodeSecrets;
import io.bodega.testing.Http;

/** Sends events to the test gateway's webhook as its provider would, signed or not. */
final class SignedWebhooks {

	private SignedWebhooks() {
	}

	/** The event {@code payment.succeeded} of the payment whose provider reference is {@code reference}. */
	static byte[] succeeded(String eventId, String reference) {
		return ("{\"id\":\"" + eventId + "\",\"type\":\"payment.succeeded\",\"reference\":\"" + reference + "\"}")
			.getBytes(StandardCharsets.UTF_8);
	}

	static Http.Response send(Http http, byte[] event, String signature) {
		Http.Request request = http.post("/api/v1/payments/webhooks/test_card").body("application/json", event);
		if (signature != null) {
			request.header(TestCardWebhooks.SIGNATURE, signature);
		}
		return request.send();
	}

	/** The {@code Bodega-Signature} header of the event as signed at {@code at} (unix seconds). */
	static String signature(NodeSecrets secrets, byte[] event, long at) {
		return "t=" + at + ",v1=" + new String(TestCardWebhooks.sign(secrets.get(TestCardProvider.SECRET),
				Long.toString(at), event), StandardCharsets.US_ASCII);
	}
}

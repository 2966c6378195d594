package io.bodega.payments.stripe;

import java.time.Instant;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.bodega.payments.stripe.StripeEvent.ObjectKind;

/**
 * Verifies Stripe's webhooks with the SDK ({@code Webhook.constructEvent}: the
 * {@code Stripe-Signature} HMAC over the exact body received, and the age of its
 * timestamp) and answers what the event is about. Every way a webhook can be wrong ends
 * as one {@link StripeEventRejected}: the SDK throws its checked exception for a bad
 * signature or a stale timestamp, but a {@code NumberFormatException}, a
 * {@code NullPointerException} or Gson's {@code JsonSyntaxException} for a malformed
 * header, a missing one or a signed body that is not JSON.
 */
public final class StripeEvents {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final String secret;

	private final long toleranceSeconds;

	/**
	 * A verifier for the given settings.
	 * @param properties the settings; the webhook secret must be set
	 */
	public StripeEvents(StripeProperties properties) {
		if (properties.webhookSecret() == null || properties.webhookSecret().isBlank()) {
			throw new IllegalStateException("Stripe has no webhook secret (BODEGA_STRIPE_WEBHOOK_SECRET)");
		}
		this.secret = properties.webhookSecret();
		this.toleranceSeconds = properties.webhookTolerance().toSeconds();
	}

	/**
	 * Verifies a webhook and answers what it is about.
	 * @param payload the body exactly as received (UTF-8), never a re-serialization
	 * @param signatureHeader the {@code Stripe-Signature} header, or {@code null}
	 * @return the event
	 * @throws StripeEventRejected if it is not a genuine, recent event
	 */
	public StripeEvent verify(String payload, String signatureHeader) {
		if (payload == null || signatureHeader == null || signatureHeader.isBlank()) {
			throw new StripeEventRejected("no body or no Stripe-Signature header", null);
		}
		Event event;
		try {
			event = Webhook.constructEvent(payload, signatureHeader, this.secret, this.toleranceSeconds);
		}
		catch (SignatureVerificationException ex) {
			throw new StripeEventRejected("signature refused: " + ex.getMessage(), ex);
		}
		catch (RuntimeException ex) {
			throw new StripeEventRejected("malformed webhook: " + ex.getClass().getSimpleName(), ex);
		}
		return describe(event, payload);
	}

	private static StripeEvent describe(Event event, String payload) {
		if (event == null || isBlank(event.getId()) || isBlank(event.getType()) || event.getCreated() == null) {
			throw new StripeEventRejected("signed body is not an event (no id, type or created)", null);
		}
		JsonNode object;
		try {
			// The SDK's typed data object is empty when the endpoint's API version
			// differs
			// from the SDK's; the raw object always has its id.
			object = JSON.readTree(payload).path("data").path("object");
		}
		catch (RuntimeException ex) {
			throw new StripeEventRejected("malformed event body", ex);
		}
		String objectId = text(object, "id");
		if (objectId == null) {
			throw new StripeEventRejected("event " + event.getId() + " has no data.object.id", null);
		}
		ObjectKind kind = kindOf(text(object, "object"));
		String intentId = switch (kind) {
			case PAYMENT_INTENT -> objectId;
			case CHARGE, REFUND, DISPUTE -> text(object, "payment_intent");
			case OTHER -> null;
		};
		return new StripeEvent(event.getId(), event.getType(), Instant.ofEpochSecond(event.getCreated()), kind,
				objectId, intentId);
	}

	private static ObjectKind kindOf(String object) {
		return switch ((object == null) ? "" : object) {
			case "payment_intent" -> ObjectKind.PAYMENT_INTENT;
			case "charge" -> ObjectKind.CHARGE;
			case "refund" -> ObjectKind.REFUND;
			case "dispute" -> ObjectKind.DISPUTE;
			default -> ObjectKind.OTHER;
		};
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

}

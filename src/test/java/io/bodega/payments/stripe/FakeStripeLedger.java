package io.bodega.payments.stripe;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state behind {@link FakeStripe}: PaymentIntents and refunds as Stripe's API
 * reference shapes them (docs/design/stripe-notes.md, section 3), with the state rules
 * the tests need. Each method answers the HTTP status and JSON body Stripe would. Not
 * thread-safe: {@link FakeStripe} calls it under its lock.
 */
final class FakeStripeLedger {

	record Answer(int status, Map<String, Object> body) {
	}

	private static final Set<String> CANCELLABLE = Set.of("requires_payment_method", "requires_capture",
			"requires_confirmation", "requires_action");

	private final Map<String, Map<String, Object>> intents = new LinkedHashMap<>();

	private final Map<String, Map<String, Object>> refunds = new LinkedHashMap<>();

	private final AtomicInteger sequence = new AtomicInteger();

	int intentCount() {
		return this.intents.size();
	}

	Answer createIntent(Map<String, String> params) {
		if (!params.containsKey("amount") || !params.containsKey("currency")) {
			return error(400, "parameter_missing", "Missing required param: amount or currency.");
		}
		String id = "pi_" + next();
		Map<String, Object> intent = new LinkedHashMap<>();
		intent.put("id", id);
		intent.put("object", "payment_intent");
		intent.put("amount", Long.parseLong(params.get("amount")));
		intent.put("amount_capturable", 0L);
		intent.put("amount_received", 0L);
		intent.put("currency", params.get("currency"));
		intent.put("status", "requires_payment_method");
		intent.put("client_secret", id + "_secret_" + UUID.randomUUID().toString().replace("-", ""));
		intent.put("capture_method", params.getOrDefault("capture_method", "automatic_async"));
		intent.put("latest_charge", null);
		intent.put("metadata", metadata(params));
		intent.put("last_payment_error", null);
		intent.put("cancellation_reason", null);
		intent.put("canceled_at", null);
		intent.put("next_action", null);
		intent.put("livemode", false);
		intent.put("created", now());
		this.intents.put(id, intent);
		return new Answer(200, intent);
	}

	Answer retrieveIntent(String id) {
		Map<String, Object> intent = this.intents.get(id);
		return (intent == null) ? missing("payment_intent", id) : new Answer(200, intent);
	}

	/** What the shopper's browser does with the client secret: a card that succeeds. */
	void confirm(String id) {
		Map<String, Object> intent = this.intents.get(id);
		long amount = (Long) intent.get("amount");
		intent.put("latest_charge", "ch_" + next());
		if ("manual".equals(intent.get("capture_method"))) {
			intent.put("status", "requires_capture");
			intent.put("amount_capturable", amount);
		}
		else {
			intent.put("status", "succeeded");
			intent.put("amount_received", amount);
		}
	}

	Answer capture(String id, Map<String, String> params) {
		Map<String, Object> intent = this.intents.get(id);
		if (intent == null) {
			return missing("payment_intent", id);
		}
		if (!"requires_capture".equals(intent.get("status"))) {
			return unexpectedState(intent);
		}
		long capturable = (Long) intent.get("amount_capturable");
		long amount = params.containsKey("amount_to_capture") ? Long.parseLong(params.get("amount_to_capture"))
				: capturable;
		if (amount <= 0 || amount > capturable) {
			return error(400, "amount_too_large", "amount_to_capture exceeds the amount capturable.");
		}
		intent.put("status", "succeeded");
		intent.put("amount_received", amount);
		intent.put("amount_capturable", 0L);
		return new Answer(200, intent);
	}

	Answer cancel(String id, Map<String, String> params) {
		Map<String, Object> intent = this.intents.get(id);
		if (intent == null) {
			return missing("payment_intent", id);
		}
		if (!CANCELLABLE.contains(intent.get("status"))) {
			return unexpectedState(intent);
		}
		intent.put("status", "canceled");
		intent.put("amount_capturable", 0L);
		intent.put("cancellation_reason", params.get("cancellation_reason"));
		intent.put("canceled_at", now());
		return new Answer(200, intent);
	}

	Answer createRefund(Map<String, String> params) {
		Map<String, Object> intent = this.intents.get(params.get("payment_intent"));
		if (intent == null) {
			return missing("payment_intent", params.get("payment_intent"));
		}
		if (!"succeeded".equals(intent.get("status"))) {
			return unexpectedState(intent);
		}
		long remaining = (Long) intent.get("amount_received") - refunded(intent.get("id"));
		long amount = params.containsKey("amount") ? Long.parseLong(params.get("amount")) : remaining;
		if (remaining == 0) {
			return error(400, "charge_already_refunded", "Charge has already been refunded.");
		}
		if (amount <= 0 || amount > remaining) {
			return error(400, "amount_too_large",
					"Refund amount (" + amount + ") is greater than unrefunded amount on charge (" + remaining + ").");
		}
		String id = "re_" + next();
		Map<String, Object> refund = new LinkedHashMap<>();
		refund.put("id", id);
		refund.put("object", "refund");
		refund.put("amount", amount);
		refund.put("charge", intent.get("latest_charge"));
		refund.put("payment_intent", intent.get("id"));
		refund.put("currency", intent.get("currency"));
		refund.put("status", "succeeded");
		refund.put("reason", params.get("reason"));
		refund.put("metadata", metadata(params));
		refund.put("failure_reason", null);
		refund.put("created", now());
		this.refunds.put(id, refund);
		return new Answer(200, refund);
	}

	Answer retrieveRefund(String id) {
		Map<String, Object> refund = this.refunds.get(id);
		return (refund == null) ? missing("refund", id) : new Answer(200, refund);
	}

	static Answer error(int status, String code, String message) {
		String type = (status == 402) ? "card_error" : "invalid_request_error";
		return errorOfType(status, type, code, message);
	}

	static Answer errorOfType(int status, String type, String code, String message) {
		Map<String, Object> error = new HashMap<>();
		error.put("type", type);
		error.put("code", code);
		error.put("message", message);
		return new Answer(status, Map.of("error", error));
	}

	private long refunded(Object intentId) {
		return this.refunds.values()
			.stream()
			.filter((refund) -> intentId.equals(refund.get("payment_intent")))
			.mapToLong((refund) -> (Long) refund.get("amount"))
			.sum();
	}

	private static Answer unexpectedState(Map<String, Object> intent) {
		return error(400, "payment_intent_unexpected_state",
				"This PaymentIntent's status is " + intent.get("status") + ".");
	}

	private static Answer missing(String kind, String id) {
		return error(404, "resource_missing", "No such " + kind + ": '" + id + "'");
	}

	private static Map<String, String> metadata(Map<String, String> params) {
		Map<String, String> metadata = new LinkedHashMap<>();
		params.forEach((key, value) -> {
			if (key.startsWith("metadata[") && key.endsWith("]")) {
				metadata.put(key.substring("metadata[".length(), key.length() - 1), value);
			}
		});
		return metadata;
	}

	private String next() {
		return String.format("%014d", this.sequence.incrementAndGet());
	}

	private static long now() {
		return System.currentTimeMillis() / 1000;
	}

}

package io.bodega.webhooks.endpoints;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * What the admin API shows of endpoints and deliveries. Secrets appear only in the
 * answers that made them.
 */
final class WebhookViews {

	private WebhookViews() {
	}

	@Schema(name = "WebhookEndpoint", description = "Where webhooks go. disabledReason: admin (disabled by hand), gone "
			+ "(it answered 410), failing (no success for days); failingSince: the first failure since the last "
			+ "success; previousSecretExpiresAt: until when the secret before the last rotation still signs too")
	record Endpoint(UUID id, String url, String description, List<String> eventTypes, boolean enabled,
			@Nullable String disabledReason, @Nullable Instant failingSince, @Nullable Instant previousSecretExpiresAt,
			Instant createdAt, Instant updatedAt) {
	}

	@Schema(name = "NewWebhookEndpoint", description = "A new endpoint with its signing secret, shown only this once")
	record CreatedEndpoint(UUID id, String url, String description, List<String> eventTypes, boolean enabled, @Schema(
			description = "whsec_ and the base64 of 32 random bytes: the HMAC key is the decoded part") String secret,
			Instant createdAt, Instant updatedAt) {
	}

	@Schema(name = "WebhookSecret", description = "A new signing secret, shown only this once; the previous one keeps "
			+ "signing too until previousSecretExpiresAt")
	record RotatedSecret(String secret, Instant previousSecretExpiresAt) {
	}

	@Schema(name = "WebhookAttempt", description = "One attempt to deliver: the answer's status and the first KB of "
			+ "its body, or the error when there was no answer")
	record Attempt(Instant at, @Nullable Integer status, long durationMillis, @Nullable String response,
			@Nullable String error) {
	}

	@Schema(name = "WebhookDelivery", description = "One message to one endpoint. status: pending (in flight or "
			+ "waiting for its next attempt), succeeded, failed (every retry failed); webhookId: the webhook-id header, "
			+ "the same on every attempt and replay")
	record Delivery(UUID id, String webhookId, String eventType, @Schema(allowableValues = {
			"pending", "succeeded", "failed" }) String status, int attemptCount, @Nullable Instant nextAttemptAt,
			Instant createdAt, @Nullable Instant completedAt, List<Attempt> attempts){
	}

	@Schema(name = "WebhookDeliveryDetail", description = "A delivery with the exact body every attempt sends")
	record DeliveryDetail(UUID id, String webhookId, String eventType, @Schema(allowableValues = {
			"pending", "succeeded", "failed" }) String status, int attemptCount, @Nullable Instant nextAttemptAt,
			Instant createdAt, @Nullable Instant completedAt, List<Attempt> attempts, String body){
	}

}

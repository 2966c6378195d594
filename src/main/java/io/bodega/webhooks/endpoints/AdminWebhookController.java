package io.bodega.webhooks.endpoints;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.bodega.webhooks.endpoints.WebhookViews.CreatedEndpoint;
import io.bodega.webhooks.endpoints.WebhookViews.Delivery;
import io.bodega.webhooks.endpoints.WebhookViews.DeliveryDetail;
import io.bodega.webhooks.endpoints.WebhookViews.Endpoint;
import io.bodega.webhooks.endpoints.WebhookViews.RotatedSecret;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The staff's webhook endpoints: where events go, their secrets, their deliveries. Every
 * change is audited.
 */
@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/webhooks")
@Tag(name = "Admin: webhooks")
class AdminWebhookController {

	private static final String TYPES = "order.placed, order.paid, order.cancelled, order.shipped, order.delivered, "
			+ "order.refunded, payment.failed, product.created, product.updated, stock.changed, customer.created";

	record CreateWebhook(@NotBlank @Size(max = 2000) String url,
			@NotEmpty @Size(max = 50) List<@NotNull @Size(max = 100) String> eventTypes,
			@Size(max = 500) String description) {
	}

	/** Fields left out stay as they are. */
	record UpdateWebhook(
			@Size(min = 1, max = 2000) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String url,
			@Size(min = 1, max = 50) List<@NotNull @Size(max = 100) String> eventTypes,
			@Size(max = 500) String description, Boolean enabled) {
	}

	private final WebhookEndpoints endpoints;

	private final EndpointReader reader;

	private final SecretRotation rotation;

	private final TestEvents testEvents;

	private final DeliveryLog deliveries;

	AdminWebhookController(WebhookEndpoints endpoints, EndpointReader reader, SecretRotation rotation,
			TestEvents testEvents, DeliveryLog deliveries) {
		this.endpoints = endpoints;
		this.reader = reader;
		this.rotation = rotation;
		this.testEvents = testEvents;
		this.deliveries = deliveries;
	}

	@PostMapping
	@Operation(operationId = "createWebhook", summary = "Add a webhook endpoint",
			description = "Add an endpoint for the given event types (" + TYPES + "). It receives the events that "
					+ "happen from now on. The answer holds its signing secret, shown only this once. The URL must be "
					+ "https and its host must resolve to public addresses only, unless BODEGA_WEBHOOK_ALLOWED_NETWORKS "
					+ "allows its network")
	@ApiResponse(responseCode = "201", description = "The new endpoint and its secret",
			headers = @Header(name = HttpHeaders.LOCATION, ref = "#/components/headers/Location"),
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = CreatedEndpoint.class)))
	ResponseEntity<CreatedEndpoint> create(@Valid @RequestBody CreateWebhook request,
			@AuthenticationPrincipal CurrentUser actor) {
		CreatedEndpoint created = endpoints.create(request.url(), request.eventTypes(), request.description(), actor);
		return ResponseEntity.created(URI.create("/api/v1/admin/webhooks/" + created.id())).body(created);
	}

	@GetMapping
	@Operation(operationId = "listWebhooks", summary = "List webhook endpoints",
			description = "Endpoints, newest first")
	ListPage<Endpoint> list(@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return reader.list(limit, cursor);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getWebhook", summary = "Get a webhook endpoint", description = "One endpoint")
	Endpoint get(@PathVariable String id) {
		return reader.find(endpointId(id));
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "updateWebhook", summary = "Change a webhook endpoint",
			description = "Change the URL, the event types, the description or whether it is enabled")
	Endpoint update(@PathVariable String id, @Valid @RequestBody UpdateWebhook request,
			@AuthenticationPrincipal CurrentUser actor) {
		return endpoints.update(endpointId(id), request.url(), request.eventTypes(), request.description(),
				request.enabled(), actor);
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "deleteWebhook", summary = "Delete a webhook endpoint",
			description = "Delete an endpoint with its deliveries; nothing more is sent to it")
	@ApiResponse(responseCode = "204", description = "Deleted")
	void delete(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		endpoints.delete(endpointId(id), actor);
	}

	@PostMapping("/{id}/enable")
	@Operation(operationId = "enableWebhook", summary = "Enable a webhook endpoint",
			description = "Enable an endpoint: it resumes where it stopped. Its pending deliveries are sent again, in "
					+ "order, and so are the events that happened while it was disabled, as far as the event log still "
					+ "holds them (BODEGA_EVENT_LOG_KEEP, 7 days by default)")
	Endpoint enable(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return endpoints.setEnabled(endpointId(id), true, actor);
	}

	@PostMapping("/{id}/disable")
	@Operation(operationId = "disableWebhook", summary = "Disable a webhook endpoint",
			description = "Disable an endpoint: nothing is sent to it until it is enabled again")
	Endpoint disable(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return endpoints.setEnabled(endpointId(id), false, actor);
	}

	@PostMapping("/{id}/rotate-secret")
	@Operation(operationId = "rotateWebhookSecret", summary = "Rotate a webhook endpoint's secret",
			description = "Make a new signing secret, shown only this once. For 24 hours every message carries two "
					+ "signatures, with the new and the previous secret, so the receiver can switch without losing any. "
					+ "A second rotation within those 24 hours is refused (409 invalid_state, naming when they end)")
	@ApiResponse(responseCode = "200", description = "The new secret, and when the previous one stops signing",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = RotatedSecret.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: the previous rotation's 24 hours have not ended",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	RotatedSecret rotate(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return rotation.rotate(endpointId(id), actor);
	}

	@PostMapping("/{id}/test")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "testWebhook", summary = "Send a test event",
			description = "Send a webhook.test event to this endpoint only, at once; the answer is its delivery, "
					+ "whose attempts show what the endpoint answered")
	@ApiResponse(responseCode = "202", description = "The test event's delivery",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryDetail.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: the endpoint is disabled",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	DeliveryDetail test(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		UUID endpoint = endpointId(id);
		UUID delivery = testEvents.send(endpoint, actor);
		return deliveries.get(endpoint, delivery);
	}

	@GetMapping("/{id}/deliveries")
	@Operation(operationId = "listWebhookDeliveries", summary = "List an endpoint's deliveries",
			description = "Deliveries with their attempts, newest first; filter by status")
	ListPage<Delivery> deliveries(@PathVariable String id,
			@RequestParam(required = false) @Pattern(regexp = "pending|succeeded|failed",
					message = "must be pending, succeeded or failed") String status,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return deliveries.list(endpointId(id), status, limit, cursor);
	}

	@GetMapping("/{id}/deliveries/{deliveryId}")
	@Operation(operationId = "getWebhookDelivery", summary = "Get a delivery",
			description = "One delivery with every attempt and the body they send")
	DeliveryDetail delivery(@PathVariable String id, @PathVariable String deliveryId) {
		return deliveries.get(endpointId(id), Ids.require(deliveryId, "The delivery"));
	}

	@PostMapping("/{id}/deliveries/{deliveryId}/replay")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(operationId = "replayWebhookDelivery", summary = "Replay a delivery",
			description = "Send a delivery again at once: the same body under the same webhook-id, with the retry "
					+ "schedule started afresh (its failures counted from zero), whether it succeeded, failed for good or "
					+ "waits for its next retry. A replay can break the order per subject: it is sent although newer "
					+ "messages of its subject may have reached the receiver already (the data's sequence tells them apart)")
	@ApiResponse(responseCode = "202", description = "The delivery, due now",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = DeliveryDetail.class)))
	@ApiResponse(responseCode = "409",
			description = "invalid_state: the endpoint is disabled, or the delivery is " + "being sent right now",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	DeliveryDetail replay(@PathVariable String id, @PathVariable String deliveryId,
			@AuthenticationPrincipal CurrentUser actor) {
		return deliveries.replay(endpointId(id), Ids.require(deliveryId, "The delivery"), actor);
	}

	private static UUID endpointId(String id) {
		return Ids.require(id, "The webhook endpoint");
	}

}

package io.bodega.webhooks;

import java.time.Instant;
import java.util.UUID;

import io.bodega.shared.Money;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Webhook;
import io.swagger.v3.oas.annotations.Webhooks;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.jspecify.annotations.Nullable;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.annotations.Parameter;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.stereotype.Component;
import java.util.ArrayList;

/**
 * The messages Bodega sends to webhook endpoints, for the OpenAPI document's
 * {@code webhooks} section: one entry per event type, with the Standard Webhooks headers
 * and the body's schema. The records here describe the bodies {@link FanOut#body} builds
 * from the event log (docs/EVENTS.md); {@code WebhookEventTests} checks every message a
 * receiver gets against this section of the served document.
 */
@Component
@Webhooks({
		@Webhook(name = "order.placed",
				operation = @Operation(method = "post", operationId = "orderPlaced", summary = "An order was placed",
						description = WebhookMessages.Doc.ORDER,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.OrderMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "order.paid",
				operation = @Operation(method = "post", operationId = "orderPaid", summary = "An order was paid",
						description = WebhookMessages.Doc.ORDER,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.OrderMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "order.cancelled", operation = @Operation(method = "post", operationId = "orderCancelled",
				summary = "An order was cancelled, or expired unpaid", description = WebhookMessages.Doc.ORDER,
				parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
						@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
						@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
				requestBody = @RequestBody(required = true,
						content = @Content(mediaType = "application/json",
								schema = @Schema(implementation = WebhookMessages.OrderCancelledMessage.class))),
				responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "order.shipped",
				operation = @Operation(method = "post", operationId = "orderShipped", summary = "An order was shipped",
						description = WebhookMessages.Doc.ORDER,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.OrderShippedMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "order.delivered",
				operation = @Operation(method = "post", operationId = "orderDelivered",
						summary = "An order was delivered", description = WebhookMessages.Doc.ORDER,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.OrderMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "order.refunded",
				operation = @Operation(method = "post", operationId = "orderRefunded",
						summary = "An order was refunded", description = WebhookMessages.Doc.ORDER,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.OrderMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "payment.failed",
				operation = @Operation(method = "post", operationId = "paymentFailed", summary = "A payment failed",
						description = "The provider declined a payment, or it never reached "
								+ "the provider; the order still awaits payment. " + WebhookMessages.Doc.COMMON,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.PaymentFailedMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "product.created",
				operation = @Operation(method = "post", operationId = "productCreated",
						summary = "A product was created", description = WebhookMessages.Doc.PRODUCT,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.ProductMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "product.updated",
				operation = @Operation(method = "post", operationId = "productUpdated",
						summary = "A product was changed", description = WebhookMessages.Doc.PRODUCT,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.ProductMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "stock.changed", operation = @Operation(method = "post", operationId = "stockChanged",
				summary = "A SKU's stock changed",
				description = "One message per SKU whose stock moved (an order "
						+ "reserving or releasing it, staff setting it, a shipment taking it out), with its new level. "
						+ WebhookMessages.Doc.COMMON,
				parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
						@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
						@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
				requestBody = @RequestBody(required = true,
						content = @Content(mediaType = "application/json",
								schema = @Schema(implementation = WebhookMessages.StockMessage.class))),
				responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "customer.created",
				operation = @Operation(method = "post", operationId = "customerCreated",
						summary = "A customer signed up", description = WebhookMessages.Doc.COMMON,
						parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
								@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
								@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
						requestBody = @RequestBody(required = true,
								content = @Content(mediaType = "application/json",
										schema = @Schema(implementation = WebhookMessages.CustomerMessage.class))),
						responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))),
		@Webhook(name = "webhook.test", operation = @Operation(method = "post", operationId = "webhookTest",
				summary = "A test message",
				description = "Sent only when an admin asks for it "
						+ "(POST /api/v1/admin/webhooks/{id}/test), to that endpoint only, whatever its event types.",
				parameters = { @Parameter(ref = WebhookMessages.Doc.ID),
						@Parameter(ref = WebhookMessages.Doc.TIMESTAMP),
						@Parameter(ref = WebhookMessages.Doc.SIGNATURE) },
				requestBody = @RequestBody(required = true,
						content = @Content(mediaType = "application/json",
								schema = @Schema(implementation = WebhookMessages.TestMessage.class))),
				responses = @ApiResponse(responseCode = "2XX", description = WebhookMessages.Doc.ANSWER))) })
class WebhookMessages implements OpenApiCustomizer {

	/**
	 * The three Standard Webhooks headers, once, for every entry to refer to; and no
	 * security scheme on the entries, as Bodega signs what it sends rather than being
	 * called.
	 */
	@Override
	public void customise(OpenAPI document) {
		if (document.getWebhooks() != null) {
			document.getWebhooks()
				.values()
				.forEach(item -> item.readOperations().forEach(operation -> operation.setSecurity(new ArrayList<>())));
		}
		document.getComponents()
			.addParameters("webhook-id", header("webhook-id", "The message's id: `evt_<event id>` (`msg_test_…` for a "
					+ "test message). The same on every retry and replay: a receiver that has handled it already "
					+ "answers 2xx and does nothing more.", new StringSchema()))
			.addParameters("webhook-timestamp",
					header("webhook-timestamp", "When this attempt was sent, in seconds "
							+ "since 1970 (UTC). Receivers should refuse one more than 5 minutes from their clock.",
							new IntegerSchema().format("int64")))
			.addParameters("webhook-signature", header("webhook-signature", "`v1,<base64 HMAC-SHA256 of "
					+ "\"<webhook-id>.<webhook-timestamp>.<body>\">`, keyed with the endpoint's secret (the base64 "
					+ "after `whsec_`). For 24 hours after a rotation two signatures are sent, separated by a space: "
					+ "one with the new secret, one with the old.", new StringSchema()));
	}

	// two types named Parameter and Schema: these are the document's models
	private static io.swagger.v3.oas.models.parameters.Parameter header(String name, String description,
			io.swagger.v3.oas.models.media.Schema<?> schema) {
		return new io.swagger.v3.oas.models.parameters.Parameter().in("header")
			.name(name)
			.required(true)
			.description(description)
			.schema(schema);
	}

	/** The texts every entry shares. */
	static final class Doc {

		static final String ID = "#/components/parameters/webhook-id";
		static final String TIMESTAMP = "#/components/parameters/webhook-timestamp";
		static final String SIGNATURE = "#/components/parameters/webhook-signature";
		static final String COMMON = "Sent as Standard Webhooks 1.0 say, to every enabled endpoint subscribed to "
				+ "this type, once per event; `data.sequence` counts the events of the same subject from 1.";
		static final String ORDER = "An order's status changed; `data` is the order as it stands after it. " + COMMON;
		static final String PRODUCT = "Staff created or changed a product (its title, slug, description, status, "
				+ "categories, variants or images; archiving is `status: archived`), through the API or a CSV import. "
				+ COMMON;
		static final String ANSWER = "Any 2xx answer acknowledges the message. 410 Gone disables the endpoint; 429 "
				+ "and 503 postpone the next attempt by their Retry-After; anything else, or no answer within 15 s, is "
				+ "tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (each up to a tenth "
				+ "later), under the same webhook-id and with the same body.";

		private Doc() {
		}

	}

	@Schema(name = "OrderWebhookData")
	record OrderData(UUID id, String number, String status, @Nullable UUID customerId, String email, Money total,
			int sequence) {
	}

	@Schema(name = "OrderCancelledWebhookData")
	record OrderCancelledData(UUID id, String number, String status, @Nullable UUID customerId, String email,
			Money total,
			@Schema(description = "cancelled (by the customer or staff) or expired (not paid in time)",
					allowableValues = {
							"cancelled", "expired" }) String reason,
			int sequence){
	}

	@Schema(name = "OrderShippedWebhookData")
	record OrderShippedData(UUID id, String number, String status, @Nullable UUID customerId, String email, Money total,
			String carrier, String trackingNumber, int sequence) {
	}

	@Schema(name = "PaymentFailedWebhookData")
	record PaymentFailedData(UUID id, UUID orderId, String orderNumber, String method, Money amount,
			@Nullable String reason, int sequence) {
	}

	@Schema(name = "ProductWebhookData")
	record ProductData(UUID id, String slug, String title, String status, int sequence) {
	}

	@Schema(name = "StockWebhookData")
	record StockData(String sku, @Nullable UUID productId, int onHand, int reserved, int available, int sequence) {
	}

	@Schema(name = "CustomerWebhookData")
	record CustomerData(UUID id, String email, int sequence) {
	}

	@Schema(name = "TestWebhookData")
	record TestData(UUID endpointId, String message) {
	}

	@Schema(name = "OrderWebhook", description = "order.placed, order.paid, order.delivered, order.refunded")
	record OrderMessage(String type, @Schema(description = "when the change happened") Instant timestamp,
			OrderData data) {
	}

	@Schema(name = "OrderCancelledWebhook")
	record OrderCancelledMessage(String type, Instant timestamp, OrderCancelledData data) {
	}

	@Schema(name = "OrderShippedWebhook")
	record OrderShippedMessage(String type, Instant timestamp, OrderShippedData data) {
	}

	@Schema(name = "PaymentFailedWebhook")
	record PaymentFailedMessage(String type, Instant timestamp, PaymentFailedData data) {
	}

	@Schema(name = "ProductWebhook")
	record ProductMessage(String type, Instant timestamp, ProductData data) {
	}

	@Schema(name = "StockWebhook")
	record StockMessage(String type, Instant timestamp, StockData data) {
	}

	@Schema(name = "CustomerWebhook")
	record CustomerMessage(String type, Instant timestamp, CustomerData data) {
	}

	@Schema(name = "TestWebhook")
	record TestMessage(String type, Instant timestamp, TestData data) {
	}

}

package io.bodega.webhooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.bodega.events.EventData;
import io.bodega.events.EventData.CustomerData;
import io.bodega.events.EventData.OrderCancelledData;
import io.bodega.events.EventData.OrderData;
import io.bodega.events.EventData.OrderShippedData;
import io.bodega.events.EventData.PaymentFailedData;
import io.bodega.events.EventData.ProductData;
import io.bodega.events.EventData.StockData;
import io.bodega.events.EventTypes;
import io.bodega.webhooks.endpoints.TestEvents;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The messages Bodega sends to webhook endpoints, for the OpenAPI document's
 * {@code webhooks} section: one entry per event type, made from one table (the type, what
 * it means, and its {@link EventData} record), with the Standard Webhooks headers and the
 * body's schema. A body is what {@link io.bodega.webhooks.delivery.FanOut#body} builds
 * from the event log: {@code type}, {@code timestamp} and the event's data with its
 * {@code sequence} added (docs/EVENTS.md); {@code WebhookEventTests} checks every message
 * a receiver gets against this section of the served document.
 * <p>
 * It runs before the document's own customizer (shared/web), so that the schemas it adds
 * get the same treatment as every other: every field required, {@code @Nullable}
 * components nullable.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class WebhookMessages implements OpenApiCustomizer {

	private static final String SCHEMAS = "#/components/schemas/";

	private static final String PARAMETERS = "#/components/parameters/";

	private static final String COMMON = "Sent as Standard Webhooks 1.0 say, to every enabled endpoint subscribed to "
			+ "this type, once per event; `data.sequence` counts the events of the same subject from 1.";

	private static final String ORDER = "An order's status changed; `data` is the order as it stands after it. "
			+ COMMON;

	private static final String PRODUCT = "Staff created or changed a product (its title, slug, description, status, "
			+ "categories, variants or images; archiving is `status: archived`), through the API or a CSV import. "
			+ COMMON;

	private static final String ANSWER = "Any 2xx answer acknowledges the message. 410 Gone disables the endpoint; "
			+ "429 and 503 postpone the next attempt by their Retry-After; anything else, or no answer within 15 s, is "
			+ "tried again after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (each up to a tenth later), "
			+ "under the same webhook-id and with the same body.";

	/**
	 * One message per type. Its schemas are named after the data record:
	 * {@code OrderData} gives {@code OrderWebhook} and {@code OrderWebhookData}.
	 */
	record Message(String type, String summary, String description, Class<? extends Record> data) {
	}

	static final List<Message> MESSAGES = List.of(
			new Message(EventTypes.ORDER_PLACED, "An order was placed", ORDER, OrderData.class),
			new Message(EventTypes.ORDER_PAID, "An order was paid", ORDER, OrderData.class),
			new Message(EventTypes.ORDER_CANCELLED, "An order was cancelled, or expired unpaid", ORDER,
					OrderCancelledData.class),
			new Message(EventTypes.ORDER_SHIPPED, "An order was shipped", ORDER, OrderShippedData.class),
			new Message(EventTypes.ORDER_DELIVERED, "An order was delivered", ORDER, OrderData.class),
			new Message(EventTypes.ORDER_REFUNDED, "An order was refunded", ORDER, OrderData.class),
			new Message(EventTypes.PAYMENT_FAILED, "A payment failed",
					"The provider declined a payment, or it never "
							+ "reached the provider; the order still awaits payment. " + COMMON,
					PaymentFailedData.class),
			new Message(EventTypes.PRODUCT_CREATED, "A product was created", PRODUCT, ProductData.class),
			new Message(EventTypes.PRODUCT_UPDATED, "A product was changed", PRODUCT, ProductData.class),
			new Message(EventTypes.STOCK_CHANGED, "A SKU's stock changed", "One message per SKU whose stock moved (an "
					+ "order reserving or releasing it, staff setting it, a shipment taking it out), with its new "
					+ "level. " + COMMON, StockData.class),
			new Message(EventTypes.CUSTOMER_CREATED, "A customer signed up", COMMON, CustomerData.class),
			new Message(TestEvents.TYPE, "A test message", "Sent only when an admin asks for it "
					+ "(POST /api/v1/admin/webhooks/{id}/test), to that endpoint only, whatever its event types.",
					TestData.class));

	/** The data of a {@code webhook.test} message, which is no event of the log. */
	record TestData(UUID endpointId, String message) {
	}

	/**
	 * What every body holds around its data; {@code data} is replaced by the reference to
	 * the type's data schema.
	 */
	record Body(String type, Instant timestamp, Object data) {
	}

	@Override
	public void customise(OpenAPI document) {
		Set<String> documented = MESSAGES.stream().map(Message::type).collect(Collectors.toSet());
		documented.remove(TestEvents.TYPE);
		if (!documented.equals(EventTypes.WEBHOOK)) {
			// A type endpoints may subscribe to but the document does not show, or the
			// reverse: the table above is missing a line.
			throw new IllegalStateException("The webhook messages documented, " + documented
					+ ", are not the types endpoints may subscribe to, " + EventTypes.WEBHOOK);
		}
		Components components = document.getComponents();
		Map<Class<?>, String> named = new LinkedHashMap<>();
		for (Message message : MESSAGES) {
			String name = named.computeIfAbsent(message.data(), data -> addSchemas(components, data));
			document.addWebhooks(message.type(), new PathItem().post(operation(message, name)));
		}
		describeOrderBody(components.getSchemas().get("OrderWebhook"));
		components
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

	/**
	 * The entry of one type; no security scheme, as Bodega signs what it sends rather
	 * than being called.
	 */
	private static Operation operation(Message message, String body) {
		return new Operation().operationId(operationId(message.type()))
			.summary(message.summary())
			.description(message.description())
			.parameters(new ArrayList<>(List.of(new Parameter().$ref(PARAMETERS + "webhook-id"),
					new Parameter().$ref(PARAMETERS + "webhook-timestamp"),
					new Parameter().$ref(PARAMETERS + "webhook-signature"))))
			.requestBody(new RequestBody().required(true)
				.content(new Content().addMediaType("application/json",
						new MediaType().schema(new JsonSchema().$ref(SCHEMAS + body)))))
			.responses(new ApiResponses().addApiResponse("2XX", new ApiResponse().description(ANSWER)))
			.security(new ArrayList<>());
	}

	/** {@code order.placed} becomes {@code orderPlaced}. */
	static String operationId(String type) {
		int dot = type.indexOf('.');
		return type.substring(0, dot) + Character.toUpperCase(type.charAt(dot + 1)) + type.substring(dot + 2);
	}

	/**
	 * Adds the body's schema and its data's for one data record, both resolved the way
	 * springdoc resolves every other type; answers the body's name.
	 */
	private static String addSchemas(Components components, Class<?> data) {
		String base = data.getSimpleName().replaceFirst("Data$", "") + "Webhook";
		ResolvedSchema resolved = resolve(data, base + "Data");
		resolved.referencedSchemas.forEach(components.getSchemas()::putIfAbsent);
		Schema<?> dataSchema = resolved.schema;
		if (EventData.class.isAssignableFrom(data)) {
			// FanOut adds the event's sequence to the data of the log.
			dataSchema.setProperties(withSequence(dataSchema.getProperties()));
		}
		components.addSchemas(base + "Data", dataSchema);
		Schema<?> body = resolve(Body.class, base).schema;
		body.getProperties().put("data", new JsonSchema().$ref(SCHEMAS + base + "Data"));
		components.addSchemas(base, body);
		return base;
	}

	private static ResolvedSchema resolve(Class<?> type, String name) {
		return ModelConverters.getInstance(true)
			.readAllAsResolvedSchema(new AnnotatedType(type).name(name).resolveAsRef(false));
	}

	@SuppressWarnings("rawtypes")
	private static Map<String, Schema> withSequence(Map<String, Schema> properties) {
		Map<String, Schema> sorted = new TreeMap<>(properties);
		sorted.put("sequence", new IntegerSchema().format("int32"));
		return new LinkedHashMap<>(sorted);
	}

	/**
	 * The order's body serves four types, so the document names them and says what its
	 * timestamp is.
	 */
	private static void describeOrderBody(Schema<?> body) {
		body.setDescription("order.placed, order.paid, order.delivered, order.refunded");
		body.getProperties().get("timestamp").setDescription("when the change happened");
	}

	private static Parameter header(String name, String description, Schema<?> schema) {
		return new Parameter().in("header").name(name).required(true).description(description).schema(schema);
	}

}

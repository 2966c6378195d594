package io.bodega.live;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.catalog.Catalog;
import io.bodega.events.EventFilter;
import io.bodega.events.EventTypes;
import io.bodega.ordering.GuestOrderToken;
import io.bodega.ordering.OrderId;
import io.bodega.ordering.Ordering;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The three live streams (server-sent events): a customer's own events or one order's,
 * the staff's, and a product's availability. Who may open one is checked as for the
 * resource it shows; the stream then runs in {@link EventStreamer}.
 */
@RestController
@Access(Access.Level.PUBLIC)
@Tag(name = "Live updates")
class LiveController {

	private static final String STREAM = "text/event-stream";

	private static final String EXAMPLE = """
			retry: 3000
			id: 41

			id: 42
			event: order.placed
			data: {"id":"0f8fad5b-d9cb-469f-a165-70867728950e","number":"BO-000042","status":"pending_payment",...}

			""";

	private static final String UNAVAILABLE = "unavailable: this server holds as many streams as it may (half of "
			+ "them at most without a session; a tenth, at least one, kept for the staff's stream), or the database "
			+ "is out of reach for a moment: connect again after Retry-After, with a random delay added. A server "
			+ "that is shutting down answers 200 instead, with a stream that ends at once after a retry: line, which "
			+ "an EventSource follows by itself";

	private static final String RATE_LIMITED = "rate_limited: this account (all its sessions together), this "
			+ "session, or without a session this client address, has as many streams open as it may "
			+ "(BODEGA_LIVE_MAX_STREAMS_PER_USER, BODEGA_LIVE_MAX_STREAMS_PER_SESSION, "
			+ "BODEGA_LIVE_MAX_STREAMS_PER_ADDRESS), or too many streams are starting at once on this server: "
			+ "connect again after Retry-After";
	static final String ID = "[0-9]{1,18}";
	static final String ID_MESSAGE = "must be the id of an event received: a whole number";

	private static final String LAST_EVENT_ID = "The id of the last event received: the stream resumes after it, on "
			+ "any server. Browsers send it themselves when they reconnect";

	private static final String LAST_EVENT_ID_PARAMETER = "As the Last-Event-ID header, for a first connection "
			+ "(browsers cannot set the header); the header wins when both are sent";

	private final EventStreamer streamer;

	private final Ordering ordering;

	private final Catalog catalog;

	private final StreamTickets tickets;

	LiveController(EventStreamer streamer, Ordering ordering, Catalog catalog, StreamTickets tickets) {
		this.streamer = streamer;
		this.ordering = ordering;
		this.catalog = catalog;
		this.tickets = tickets;
	}

	@GetMapping("/api/v1/events")
	@Access(Access.Level.OWNER_OR_ORDER_TOKEN)
	@Operation(operationId = "streamMyEvents", summary = "Follow my orders and cart live",
			description = "Server-sent events. Signed in: the caller's own events (their orders' order.* "
					+ "and payment.failed, their cart's cart.changed). With orderId: that one order's events, for its "
					+ "owner or, as a guest, with the order's token in the Order-Token header (anyone else: 404, as for "
					+ "reading the order). Browsers, which cannot set headers, use a ticket instead "
					+ "(POST /api/v1/orders/{id}/stream-tickets): ?ticket= opens that order's stream once; a used, "
					+ "lapsed or unknown ticket is the same 404; a HEAD request does not use it up. ?token= still works but is "
					+ "deprecated: it puts the token in logs. Each "
					+ "message has id (the event's, to resume after), event (its type) and data (its JSON); an idle "
					+ "stream gets a comment line every BODEGA_LIVE_HEARTBEAT. A client too far behind gets event: "
					+ "reset (reload what you show) and the stream goes on from the latest event. The stream ends with "
					+ "the session")
	@ApiResponse(responseCode = "200", description = "The stream of events; it stays open",
			content = @Content(mediaType = STREAM, schema = @Schema(type = "string"),
					examples = @ExampleObject(EXAMPLE)))
	@ApiResponse(responseCode = "401",
			description = "unauthenticated: neither signed in nor an orderId with its token, " + "nor a ticket",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "404",
			description = "not_found: no such order, or not the caller's and a wrong token; "
					+ "a used, lapsed or unknown ticket, or one for another order",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429", description = RATE_LIMITED,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void mine(
			@Parameter(description = "One order to follow instead of all the caller's") @RequestParam(
					required = false) @Size(max = 36) String orderId,
			@Parameter(description = GuestOrderToken.QUERY_MEANING + "; or use a ticket",
					deprecated = true) @RequestParam(required = false) @Size(max = 64) String token,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Parameter(description = "A ticket from POST /api/v1/orders/{id}/stream-tickets: that order's events, "
					+ "orderId optional") @RequestParam(required = false) @Size(max = 64) String ticket,
			@Parameter(description = LAST_EVENT_ID_PARAMETER) @RequestParam(required = false) @Pattern(regexp = ID,
					message = ID_MESSAGE) String lastEventId,
			@Parameter(description = LAST_EVENT_ID) @RequestHeader(name = "Last-Event-ID",
					required = false) String lastEventIdHeader,
			@AuthenticationPrincipal CurrentUser caller, HttpServletRequest request, HttpServletResponse response) {
		Long after = EventStreamer.lastEventId(lastEventIdHeader, lastEventId);
		EventFilter filter;
		if (ticket != null) {
			// a HEAD shows a stream's headers only: it must not use up the ticket of the
			// GET that follows
			UUID id = "HEAD".equals(request.getMethod()) ? tickets.check(ticket) : tickets.redeem(ticket);
			if (orderId != null && !id.equals(Ids.parseOrNull(orderId))) {
				throw new NotFound("The order");
			}
			filter = new EventFilter(null, null, id, null);
		}
		else if (orderId != null) {
			OrderId id = new OrderId(Ids.require(orderId, "The order"));
			// the same check as reading the order: its owner, or whoever holds its token
			ordering.checkAccess(id, caller, GuestOrderToken.of(tokenHeader, token));
			filter = new EventFilter(null, null, id.value(), null);
		}
		else if (caller != null) {
			filter = new EventFilter(null, caller.id(), null, null);
		}
		else {
			throw new AccessDeniedException("Sign in, or follow one order with its orderId and token, or a ticket");
		}
		streamer.serve(request, response, filter, StreamBounds.Kind.SIGNED_IN, caller, after, false);
	}

	@GetMapping("/api/v1/admin/events")
	@Access(Access.Level.ADMIN)
	@Operation(operationId = "streamShopEvents", summary = "Follow the shop live",
			description = "Server-sent events for the staff: every event but customers' carts (order.*, "
					+ "payment.failed, product.created, product.updated, stock.changed with onHand, reserved and "
					+ "available of one SKU, customer.created), or the types asked for. Messages, heartbeats, "
					+ "Last-Event-ID and reset as for the customer's stream; it ends with the session")
	@ApiResponse(responseCode = "200", description = "The stream of events; it stays open",
			content = @Content(mediaType = STREAM, schema = @Schema(type = "string"),
					examples = @ExampleObject(EXAMPLE)))
	@ApiResponse(responseCode = "429", description = RATE_LIMITED,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void shop(
			@Parameter(description = "Comma-separated event types, such as order.placed,stock.changed; "
					+ "all but cart.changed when left out") @RequestParam(
							required = false) @Size(max = 500) String types,
			@Parameter(description = LAST_EVENT_ID_PARAMETER) @RequestParam(required = false) @Pattern(regexp = ID,
					message = ID_MESSAGE) String lastEventId,
			@Parameter(description = LAST_EVENT_ID) @RequestHeader(name = "Last-Event-ID",
					required = false) String lastEventIdHeader,
			@AuthenticationPrincipal CurrentUser caller, HttpServletRequest request, HttpServletResponse response) {
		Set<String> wanted = staffTypes(types);
		Long after = EventStreamer.lastEventId(lastEventIdHeader, lastEventId);
		streamer.serve(request, response, new EventFilter(wanted, null, null, null), StreamBounds.Kind.STAFF, caller,
				after, false);
	}

	@GetMapping("/api/v1/products/{id}/events")
	@Operation(operationId = "streamProductAvailability", summary = "Follow a product's availability live",
			description = "Server-sent events of an active product: stock.changed with the sku, productId and "
					+ "available units of one of its variants whenever they change, as the product shows them. "
					+ "Messages, heartbeats, Last-Event-ID and reset as for the customer's stream. The stream ends when "
					+ "the product is archived or made a draft (reconnecting then answers 404)")
	@ApiResponse(responseCode = "200", description = "The stream of events; it stays open",
			content = @Content(mediaType = STREAM, schema = @Schema(type = "string"), examples = @ExampleObject("""
					retry: 3000
					id: 41

					id: 42
					event: stock.changed
					data: {"sku":"TSHIRT-RED-M","productId":"0f8fad5b-d9cb-469f-a165-70867728950e","available":7}

					""")))
	@ApiResponse(responseCode = "429", description = RATE_LIMITED,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "503", description = UNAVAILABLE,
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	void product(@PathVariable @Size(max = 36) String id,
			@Parameter(description = LAST_EVENT_ID_PARAMETER) @RequestParam(required = false) @Pattern(regexp = ID,
					message = ID_MESSAGE) String lastEventId,
			@Parameter(description = LAST_EVENT_ID) @RequestHeader(name = "Last-Event-ID",
					required = false) String lastEventIdHeader,
			HttpServletRequest request, HttpServletResponse response) {
		Long after = EventStreamer.lastEventId(lastEventIdHeader, lastEventId);
		UUID product = Ids.require(id, "The product");
		if (!catalog.isPublic(product)) {
			throw new NotFound("The product");
		}
		streamer.serve(request, response, new EventFilter(Set.of(EventTypes.STOCK_CHANGED), null, null, product),
				StreamBounds.Kind.ANONYMOUS, null, after, true);
	}

	/**
	 * The types the staff's stream may carry: all but a cart's, which only its own
	 * customer may see.
	 */
	static Set<String> staffTypes(@Nullable String types) {
		if (types == null || types.isBlank()) {
			return EventTypes.WEBHOOK;
		}
		Set<String> wanted = Arrays.stream(types.split(","))
			.map(String::strip)
			.filter(t -> !t.isEmpty())
			.collect(Collectors.toSet());
		Set<String> unknown = new TreeSet<>(wanted);
		unknown.removeAll(EventTypes.WEBHOOK);
		if (!unknown.isEmpty() || wanted.isEmpty()) {
			throw new ValidationFailed("types", "unknown event type " + String.join(", ", unknown) + "; known are "
					+ String.join(", ", new TreeSet<>(EventTypes.WEBHOOK)));
		}
		return Set.copyOf(wanted);
	}

}

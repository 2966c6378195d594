package io.bodega.live;

import java.time.Instant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;

import io.bodega.ordering.GuestOrderToken;
import io.bodega.ordering.OrderId;
import io.bodega.ordering.Ordering;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tickets to follow one order live ({@link StreamTickets}): a browser's EventSource
 * cannot send the order's token in a header, and in the stream's URL it would be logged
 * on the way.
 */
@RestController
@Access(value = Access.Level.OWNER_OR_ORDER_TOKEN, tokenInQuery = false)
@Tag(name = "Live updates")
class StreamTicketController {

	/**
	 * What a ticket request may carry: the order's token, for a guest (or send it in the
	 * Order-Token header).
	 */
	record StreamTicketRequest(@Schema(description = "The order's orderToken; when the Order-Token header is sent as "
			+ "well, the two must be the same") @Size(max = 64) @Nullable String token) {
	}

	/** A ticket for {@code GET /api/v1/events?ticket=}. */
	record StreamTicket(@Schema(description = "Opens one stream of this order, once, until expiresAt",
			example = "Xo3q9Zk2V1cJ5m8h0PpA7tRrY4nWbL6sDfGuKiEeHcM") String ticket, Instant expiresAt) {
	}

	private final StreamTickets tickets;

	private final Ordering ordering;

	StreamTicketController(StreamTickets tickets, Ordering ordering) {
		this.tickets = tickets;
		this.ordering = ordering;
	}

	@PostMapping("/api/v1/orders/{id}/stream-tickets")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createStreamTicket", summary = "Get a ticket to follow an order live",
			description = "For a browser following a guest's order: the order's token goes in the Order-Token header "
					+ "or the body (never the URL), and the answer's ticket in GET /api/v1/events?ticket=. A ticket "
					+ "opens one stream of this order, once, within 60 seconds (its expiresAt); a stream that ends "
					+ "(or an EventSource that reconnects) needs a new one, with lastEventId to resume. The order's "
					+ "owner may ask without the token. Anyone else: 404, as for reading the order")
	@ApiResponse(responseCode = "201", description = "The ticket",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = StreamTicket.class)))
	@ApiResponse(responseCode = "404", description = "not_found: no such order, or not the caller's and a wrong token",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429",
			description = "rate_limited: the order has 20 unused tickets; use one, or ask " + "again after Retry-After",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	StreamTicket create(@PathVariable @Size(max = 36) String id,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Valid @RequestBody(required = false) StreamTicketRequest body,
			@AuthenticationPrincipal CurrentUser caller) {
		OrderId order = new OrderId(Ids.require(id, "The order"));
		// the same check as reading the order: its owner, or whoever holds its token
		ordering.checkAccess(order, caller, GuestOrderToken.of(tokenHeader, body == null ? null : body.token()));
		StreamTickets.Ticket ticket = tickets.issue(order.value());
		return new StreamTicket(ticket.ticket(), ticket.expiresAt());
	}

}

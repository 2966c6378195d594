package io.bodega.ordering;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.ordering.checkout.Checkout;
import io.bodega.ordering.orders.OrderMoves;
import io.bodega.ordering.orders.OrderReader;
import io.bodega.ordering.orders.Orders;
import io.bodega.ordering.orders.OrderFilter;
import io.bodega.ordering.orders.OrderingProperties;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.Admission;
import io.bodega.shared.web.Idempotency;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.OWNER_OR_ORDER_TOKEN)
@RequestMapping("/api/v1/orders")
@Tag(name = "Orders")
class OrderController {

	record AddressBody(@NotBlank @Size(max = 200) String name, @NotBlank @Size(max = 200) String line1,
			@Size(max = 200) String line2, @NotBlank @Size(max = 100) String city,
			@NotBlank @Size(max = 20) String postalCode, @NotBlank @Pattern(regexp = "[A-Z]{2}",
					message = "must be an ISO 3166 country code such as DE") String country) {
	}

	record CheckoutRequest(@NotBlank @Size(max = 64) String cartId,
			@Size(max = 254) @Email(regexp = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+",
					message = "must be a valid e-mail address") String email,
			@NotNull @Valid AddressBody shippingAddress) {
	}

	private final Ordering ordering;

	private final Checkout checkout;

	private final OrderMoves moves;

	private final OrderReader reader;

	private final Idempotency idempotency;

	private final JsonMapper json;

	private final Admission checkouts;

	/**
	 * Checkouts queue for their turn, at most two fewer at once than the pool has
	 * connections (see {@link Admission}); one that waited 5 s is answered 429.
	 */
	OrderController(Ordering ordering, Checkout checkout, OrderMoves moves, OrderReader reader, Idempotency idempotency,
			JsonMapper json, OrderingProperties properties) {
		this.ordering = ordering;
		this.checkout = checkout;
		this.moves = moves;
		this.reader = reader;
		this.idempotency = idempotency;
		this.json = json;
		this.checkouts = new Admission(Math.max(1, properties.databasePoolSize() - 2), Duration.ofSeconds(5),
				"Too many checkouts at once on this server");
	}

	@PostMapping
	@Access(Access.Level.OPTIONAL_SESSION)
	@Operation(operationId = "checkout", summary = "Check out a cart",
			description = "Check out a cart: the order is created pending_payment and every line's stock reserved, or "
					+ "nothing happens. Needs an Idempotency-Key; guests must give email")
	@ApiResponse(responseCode = "201", description = "The order, with its orderToken",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "404", description = "not_found: no such cart, or not the caller's",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "409",
			description = "insufficient_stock naming the short SKUs, or idempotency_in_progress",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "422", description = "idempotency_key_reused: the key was used for another request",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429", description = "rate_limited: too many checkouts at once on this server, or "
			+ "too many guest orders from the client's address or for the e-mail within the hour; retry (with the "
			+ "same Idempotency-Key) after the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> checkout(@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@Valid @RequestBody CheckoutRequest request, @AuthenticationPrincipal CurrentUser caller,
			HttpServletRequest http) {
		if (caller == null && request.email() == null) {
			throw new ValidationFailed("email", "is required for guests");
		}
		String who = caller == null ? Idempotency.guest("cart:" + request.cartId()) : "user:" + caller.id();
		String fingerprint = "POST /api/v1/orders " + json.writeValueAsString(request);
		UUID[] placed = new UUID[1];
		Idempotency.Answer answer = checkouts.run(() -> idempotency.run(who, key, fingerprint, () -> {
			AddressBody a = request.shippingAddress();
			OrderView order = checkout.checkout(caller, request.cartId(), request.email(),
					new OrderView.Address(a.name(), a.line1(), a.line2(), a.city(), a.postalCode(), a.country()),
					http.getRemoteAddr());
			placed[0] = order.id();
			return new Idempotency.Answer(201, json.writeValueAsBytes(order));
		}));
		// A replay carries its order only in the kept answer.
		String id = placed[0] != null ? placed[0].toString() : json.readTree(answer.body()).path("id").asString();
		return answer.response()
			.location(URI.create("/api/v1/orders/" + id))
			.contentType(MediaType.APPLICATION_JSON)
			.body(answer.body());
	}

	@GetMapping
	@Access(Access.Level.CUSTOMER)
	@Operation(operationId = "listMyOrders", summary = "List my orders",
			description = "The signed-in customer's orders, newest first")
	ListPage<OrderView> mine(@AuthenticationPrincipal CurrentUser caller,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		if (caller == null) {
			// The security rules keep anonymous callers out; should one get here all the
			// same, it is still a 401.
			throw new AccessDeniedException("Only a signed-in customer has orders of their own");
		}
		return reader.page(OrderFilter.ofUser(caller.id()), limit, cursor);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getOrder", summary = "Get an order",
			description = "One order: the owner's, or a guest's with its token in the Order-Token header; anyone "
					+ "else's is 404")
	OrderView get(@PathVariable String id,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Parameter(description = GuestOrderToken.QUERY_MEANING,
					deprecated = true) @RequestParam(required = false) @Size(max = 64) String token,
			@AuthenticationPrincipal CurrentUser caller) {
		return ordering.find(new OrderId(Orders.idOf(id)), caller, GuestOrderToken.of(tokenHeader, token));
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelOrder", summary = "Cancel an order",
			description = "Cancel: the reservation is released (or, when paid, the stock returned); 409 once shipped. "
					+ "The owner's order, or a guest's with its token in the Order-Token header")
	@ApiResponse(responseCode = "200", description = "The cancelled order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView cancel(@PathVariable String id,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Parameter(description = GuestOrderToken.QUERY_MEANING,
					deprecated = true) @RequestParam(required = false) @Size(max = 64) String token,
			@AuthenticationPrincipal CurrentUser caller) {
		return moves.cancel(Orders.idOf(id), caller, GuestOrderToken.of(tokenHeader, token));
	}

}

package io.bodega.ordering.admin;

import java.time.ZoneId;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.ordering.OrderView;
import io.bodega.ordering.orders.OrderingProperties;
import io.bodega.ordering.orders.OrderReader;
import io.bodega.ordering.orders.Orders;
import io.bodega.ordering.orders.OrderMoves;
import io.bodega.ordering.orders.OrderTimeline;
import io.bodega.ordering.orders.OrderFilter;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.HttpStatus;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/orders")
@Tag(name = "Admin: orders")
class AdminOrderController {

	static final String STATUSES = "pending_payment|paid|shipped|delivered|cancelled|refunded";

	static final String LIMIT = "[1-9]|[1-9][0-9]|100";
	static final String UUID_TEXT = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
	static final String DATE_OR_INSTANT = "[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
			+ "(T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\\.[0-9]{1,9})?)?(Z|[+-][0-9]{2}:[0-9]{2}))?";

	record Shipment(@NotBlank @Size(max = 100) String carrier, @NotBlank @Size(max = 100) String trackingNumber) {
	}

	record NewNote(@NotBlank @Size(max = 2000) String text) {
	}

	/**
	 * The list's query parameters, checked as text so that every bad one is named in one
	 * answer. {@code q} is an order number (case-insensitive, such as BO-000042) or, when
	 * it holds an {@code @}, an e-mail (case-insensitive, the whole address);
	 * {@code from} and {@code to} are a {@link DateRange}.
	 */
	record ListParams(
			@Pattern(regexp = STATUSES,
					message = "must be one of pending_payment, paid, shipped, delivered, cancelled, "
							+ "refunded") String status,
			@Size(min = 1, max = 254) String q,
			@Pattern(regexp = UUID_TEXT, message = "must be a user id") String customerId,
			@Pattern(regexp = DATE_OR_INSTANT, message = DateRange.MESSAGE) String from,
			@Pattern(regexp = DATE_OR_INSTANT, message = DateRange.MESSAGE) String to,
			@Pattern(regexp = LIMIT, message = "must be between 1 and 100") String limit,
			@Size(max = 2048) String cursor) {

		OrderFilter filter(ZoneId zone) {
			DateRange range = DateRange.parse(from, to, zone);
			String term = q == null ? null : q.strip();
			boolean email = term != null && term.contains("@");
			return new OrderFilter(null, customerId == null ? null : UUID.fromString(customerId), status,
					term != null && !email ? term : null, email ? term : null, range.from(), range.before());
		}

		int pageSize() {
			return AdminOrderController.pageSize(limit);
		}
	}

	private final OrderReader reader;

	private final OrderMoves moves;

	private final OrderTimeline timeline;

	private final ZoneId zone;

	AdminOrderController(OrderReader reader, OrderMoves moves, OrderTimeline timeline, OrderingProperties properties) {
		this.reader = reader;
		this.moves = moves;
		this.timeline = timeline;
		this.zone = properties.timeZone();
	}

	@GetMapping
	@Operation(operationId = "listAllOrders", summary = "List and find orders",
			description = "Orders newest first, filtered by any of: status; q, an order number (BO-000042) or, "
					+ "holding an @, a customer's e-mail, both exact and case-insensitive; customerId, the user id; "
					+ "from (inclusive) and to (exclusive) on createdAt, each a date (a whole day in the shop's time "
					+ "zone, BODEGA_TIMEZONE, so to=2026-12-07 includes the 7th) or an instant. A cursor only pages "
					+ "the list with the filters it came from")
	ListPage<OrderView> list(@Valid @ParameterObject ListParams params) {
		return reader.page(params.filter(zone), params.pageSize(), params.cursor());
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getAnyOrder", summary = "Get any order", description = "One order")
	OrderView get(@PathVariable String id) {
		return reader.load(Orders.idOf(id));
	}

	@GetMapping("/{id}/timeline")
	@Operation(operationId = "getOrderTimeline", summary = "Get an order's timeline",
			description = "What happened to the order, oldest first: placed, paid, payment_failed, shipped (with "
					+ "carrier and tracking number), delivered, cancelled (reason customer or expired), refunded, and "
					+ "staff notes; each with when and who (actor). Paged like every list (limit 1..100, default 20)")
	ListPage<OrderTimeline.Entry> timeline(@PathVariable String id,
			@RequestParam(required = false) @Pattern(regexp = LIMIT,
					message = "must be between 1 and 100") String limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return timeline.page(Orders.idOf(id), pageSize(limit), cursor);
	}

	@PostMapping("/{id}/notes")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "addOrderNote", summary = "Add a note to an order",
			description = "A staff note (1..2000 characters) on the order; it joins the order's timeline")
	@ApiResponse(responseCode = "201", description = "The note, as its timeline entry",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = OrderTimeline.Entry.class)))
	OrderTimeline.Entry addNote(@PathVariable String id, @Valid @RequestBody NewNote note,
			@AuthenticationPrincipal CurrentUser author) {
		return timeline.note(Orders.idOf(id), note.text(), author);
	}

	@PostMapping("/{id}/ship")
	@Operation(operationId = "shipOrder", summary = "Ship an order", description = "Ship a paid order")
	@ApiResponse(responseCode = "200", description = "The shipped order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: only a paid order ships",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView ship(@PathVariable String id, @Valid @RequestBody Shipment shipment,
			@AuthenticationPrincipal CurrentUser actor) {
		return moves.ship(Orders.idOf(id), shipment.carrier(), shipment.trackingNumber(), actor);
	}

	@PostMapping("/{id}/deliver")
	@Operation(operationId = "deliverOrder", summary = "Mark an order delivered",
			description = "Mark a shipped order delivered")
	@ApiResponse(responseCode = "200", description = "The delivered order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView deliver(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return moves.deliver(Orders.idOf(id), actor);
	}

	@PostMapping("/{id}/cancel")
	@Operation(operationId = "cancelAnyOrder", summary = "Cancel an order",
			description = "Cancel an order that is not shipped yet: its stock comes back, and a paid one is refunded "
					+ "through its payment")
	@ApiResponse(responseCode = "200", description = "The cancelled order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: it is shipped, delivered, cancelled or refunded",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView cancel(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return moves.cancelByStaff(Orders.idOf(id), actor);
	}

	@PostMapping("/{id}/refund")
	@Operation(operationId = "refundOrder", summary = "Refund an order",
			description = "Refund a paid, shipped or delivered order; its stock comes back")
	@ApiResponse(responseCode = "200", description = "The refunded order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView refund(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return moves.refund(Orders.idOf(id), actor);
	}

	/** A page's size as {@link #LIMIT} checked it: 20 when not given. */
	private static int pageSize(String limit) {
		return limit == null ? 20 : Integer.parseInt(limit);
	}

}

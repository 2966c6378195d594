package io.bodega.ordering;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/orders")
@Tag(name = "Admin: orders")
class AdminOrderController {

	static final String STATUSES = "pending_payment|paid|shipped|delivered|cancelled|refunded";

	record Shipment(@NotBlank @Size(max = 100) String carrier, @NotBlank @Size(max = 100) String trackingNumber) {
	}

	private final Ordering ordering;

	AdminOrderController(Ordering ordering) {
		this.ordering = ordering;
	}

	@GetMapping
	@Operation(operationId = "listAllOrders", summary = "List every order",
			description = "Every order, newest first, optionally of one status")
	ListPage<OrderView> list(@RequestParam(required = false) @Pattern(regexp = STATUSES,
			message = "must be one of pending_payment, paid, shipped, delivered, cancelled, refunded") String status,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		return ordering.all(status, limit, cursor);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getAnyOrder", summary = "Get any order",
			description = "One order")
	OrderView get(@PathVariable String id) {
		return ordering.get(OrderController.orderId(id));
	}

	@PostMapping("/{id}/ship")
	@Operation(operationId = "shipOrder", summary = "Ship an order",
			description = "Ship a paid order")
	@ApiResponse(responseCode = "200", description = "The shipped order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: only a paid order ships",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView ship(@PathVariable String id, @Valid @RequestBody Shipment shipment,
			@AuthenticationPrincipal CurrentUser actor) {
		return ordering.ship(OrderController.orderId(id), shipment.carrier(), shipment.trackingNumber(), actor);
	}

	@PostMapping("/{id}/deliver")
	@Operation(operationId = "deliverOrder", summary = "Mark an order delivered",
			description = "Mark a shipped order delivered")
	@ApiResponse(responseCode = "200", description = "The delivered order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView deliver(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return ordering.deliver(OrderController.orderId(id), actor);
	}

	@PostMapping("/{id}/refund")
	@Operation(operationId = "refundOrder", summary = "Refund an order",
			description = "Refund a paid, shipped or delivered order; its stock comes back")
	@ApiResponse(responseCode = "200", description = "The refunded order",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = OrderView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	OrderView refund(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		return ordering.refund(OrderController.orderId(id), actor);
	}
}

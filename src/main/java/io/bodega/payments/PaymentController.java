package io.bodega.payments;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.ordering.GuestOrderToken;
import io.bodega.ordering.OrderId;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.web.Access;
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
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.OWNER_OR_ORDER_TOKEN)
@Tag(name = "Payments")
class PaymentController {

	record PaymentRequest(@NotBlank @Size(max = 40) String method,
			@NotBlank @Pattern(regexp = "[0-9]{12,19}", message = "must be 12 to 19 digits") String cardNumber) {
	}

	private final Payments payments;

	private final PaymentViews views;

	private final Idempotency idempotency;

	private final JsonMapper json;

	PaymentController(Payments payments, PaymentViews views, Idempotency idempotency, JsonMapper json) {
		this.payments = payments;
		this.views = views;
		this.idempotency = idempotency;
		this.json = json;
	}

	@PostMapping("/api/v1/orders/{id}/payments")
	@Operation(operationId = "payOrder", summary = "Pay an order",
			description = "Pay an order awaiting payment; needs an Idempotency-Key. Test cards: 4242424242424242 "
					+ "succeeds, 4000000000000002 is declined, 4000000000003220 is pending and completes by webhook. The owner's order, or a guest's with its token in "
					+ "the Order-Token header")
	@ApiResponse(responseCode = "201",
			description = "The payment: succeeded, failed or pending; refunded when the order "
					+ "was cancelled or expired while the card was being charged",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = PaymentView.class)))
	@ApiResponse(responseCode = "409", description = "invalid_state: the order is not awaiting payment, or already has "
			+ "a payment (also the answer to a retry after an error once the card may have been charged: the order's "
			+ "payments, GET /api/v1/orders/{id}/payments, tell how it ended); or idempotency_in_progress",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "429",
			description = "rate_limited: too many declined payments of the order or from "
					+ "the client's address within the hour; retry after the Retry-After seconds",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "422", description = "idempotency_key_reused",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> pay(@PathVariable String id,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Parameter(description = GuestOrderToken.QUERY_MEANING, deprecated = true) @RequestParam(name = "token",
					required = false) @Size(max = 64) String tokenQuery,
			@RequestHeader(name = "Idempotency-Key", required = false) String key,
			@Valid @RequestBody PaymentRequest request, @AuthenticationPrincipal CurrentUser caller,
			HttpServletRequest http) {
		OrderId orderId = new OrderId(Ids.require(id, "The order"));
		String token = GuestOrderToken.of(tokenHeader, tokenQuery);
		String who = caller == null ? Idempotency.guest("order:" + orderId + ":" + token) : "user:" + caller.id();
		// In steps: no transaction stays open while the card is charged (Payments.pay
		// commits before and after it).
		Idempotency.Answer answer = idempotency.runInSteps(who, key,
				"POST /api/v1/orders/" + orderId + "/payments " + json.writeValueAsString(request),
				() -> new Idempotency.Answer(201, json.writeValueAsBytes(payments.pay(orderId, caller, token,
						request.method(), request.cardNumber(), http.getRemoteAddr()))));
		return answer.response().contentType(MediaType.APPLICATION_JSON).body(answer.body());
	}

	@GetMapping("/api/v1/orders/{id}/payments")
	@Operation(operationId = "listOrderPayments", summary = "List payments of an order",
			description = "The order's payment attempts, oldest first, each with its refund once the money was given "
					+ "back; all of them in one page. The owner's, or a guest's with its token in the Order-Token header; anyone "
					+ "else's is 404")
	ListPage<PaymentView> list(@PathVariable String id,
			@Parameter(description = GuestOrderToken.HEADER_MEANING) @RequestHeader(name = GuestOrderToken.HEADER,
					required = false) @Size(max = 64) String tokenHeader,
			@Parameter(description = GuestOrderToken.QUERY_MEANING,
					deprecated = true) @RequestParam(required = false) @Size(max = 64) String token,
			@AuthenticationPrincipal CurrentUser caller) {
		return new ListPage<>(views.ofOrder(new OrderId(Ids.require(id, "The order")), caller,
				GuestOrderToken.of(tokenHeader, token)), null);
	}

}

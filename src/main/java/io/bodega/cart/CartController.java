package io.bodega.cart;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.Cookies;
import io.swagger.v3.oas.annotations.Operation;
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
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.OPTIONAL_SESSION)
@RequestMapping("/api/v1/carts")
@Tag(name = "Cart")
class CartController {

	record AddItem(@NotBlank @Size(max = 64) String sku, @NotNull @Min(1) @Max(Carts.MAX_QUANTITY) Integer quantity) {
	}

	record SetQuantity(@NotNull @Min(0) @Max(Carts.MAX_QUANTITY) Integer quantity) {
	}

	private final Carts carts;

	CartController(Carts carts) {
		this.carts = carts;
	}

	@PostMapping
	@Operation(operationId = "createCart", summary = "Create a cart",
			description = "A new cart; its id is its secret. A signed-in caller's cart is bound to them; a guest's is "
					+ "also set as the bodega_cart cookie (__Host-bodega_cart over https), which sign-in merges")
	@ApiResponse(responseCode = "201", description = "The new, empty cart")
	ResponseEntity<Carts.View> create(@AuthenticationPrincipal CurrentUser caller, HttpServletRequest request) {
		Carts.View cart = carts.create(caller);
		var answer = ResponseEntity.status(HttpStatus.CREATED);
		if (caller == null) {
			answer.header(HttpHeaders.SET_COOKIE,
					Cookies.issue(request, Cookies.CART, cart.id(), carts.idleLifetime()).toString());
		}
		return answer.body(cart);
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getCart", summary = "Get a cart", description = "The cart with live prices and totals")
	Carts.View get(@PathVariable @Size(max = 64) String id, @AuthenticationPrincipal CurrentUser caller) {
		return carts.get(id, caller);
	}

	@PostMapping("/{id}/items")
	@Operation(operationId = "addCartItem", summary = "Add an item to a cart",
			description = "Add units of a SKU (to its line if there is one)")
	@ApiResponse(responseCode = "200", description = "The cart with the units added",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Carts.View.class)))
	@ApiResponse(responseCode = "409", description = "insufficient_stock: more than is available",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Carts.View add(@PathVariable @Size(max = 64) String id, @Valid @RequestBody AddItem request,
			@AuthenticationPrincipal CurrentUser caller) {
		return carts.add(id, caller, request.sku(), request.quantity());
	}

	@PatchMapping("/{id}/items/{sku}")
	@Operation(operationId = "setCartItemQuantity", summary = "Set a cart line quantity",
			description = "Set a line's quantity; 0 removes it")
	@ApiResponse(responseCode = "200", description = "The cart with the line changed",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = Carts.View.class)))
	@ApiResponse(responseCode = "409", description = "insufficient_stock: more than is available",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	Carts.View setQuantity(@PathVariable @Size(max = 64) String id, @PathVariable @Size(max = 64) String sku,
			@Valid @RequestBody SetQuantity request, @AuthenticationPrincipal CurrentUser caller) {
		return carts.setQuantity(id, caller, sku, request.quantity());
	}

	@DeleteMapping("/{id}/items/{sku}")
	@Operation(operationId = "removeCartItem", summary = "Remove a cart line", description = "Remove a line")
	Carts.View remove(@PathVariable @Size(max = 64) String id, @PathVariable @Size(max = 64) String sku,
			@AuthenticationPrincipal CurrentUser caller) {
		return carts.remove(id, caller, sku);
	}

}

package io.bodega.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/admin/inventory")
@Tag(name = "Admin: inventory")
class AdminInventoryController {

	/** {@code reason} is optional and goes into the stock ledger, such as "stocktake" or "damaged in storage". */
	record SetStock(@NotNull @Min(0) @Max(1_000_000) Integer onHand, @Size(max = 500) String reason) {
	}

	private final Inventory inventory;

	AdminInventoryController(Inventory inventory) {
		this.inventory = inventory;
	}

	@GetMapping("/{sku}")
	@Operation(operationId = "getStock", summary = "Get the stock of a SKU",
			description = "The stock of one SKU")
	StockLevel get(@PathVariable String sku) {
		return inventory.level(sku).orElseThrow(() -> new NotFound("SKU " + sku));
	}

	@PutMapping("/{sku}")
	@Operation(operationId = "setStock", summary = "Set the stock on hand",
			description = "Set the units on hand of a SKU")
	@ApiResponse(responseCode = "200", description = "The SKU's stock after the change",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = StockLevel.class)))
	@ApiResponse(responseCode = "409", description = "conflict: below the units already reserved",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	StockLevel set(@PathVariable String sku, @Valid @RequestBody SetStock request,
			@AuthenticationPrincipal CurrentUser actor) {
		return inventory.setOnHand(sku, request.onHand(), request.reason(), actor);
	}

	@GetMapping("/{sku}/movements")
	@Operation(operationId = "listStockMovements", summary = "List stock movements",
			description = "The stock ledger of a SKU, newest first: every movement with its reason and reference")
	ListPage<StockMovement> movements(@PathVariable String sku,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit,
			@RequestParam(required = false) @Size(max = 2048) String cursor) {
		inventory.level(sku).orElseThrow(() -> new NotFound("SKU " + sku));
		return inventory.movements(sku, limit, cursor);
	}
}

package io.bodega.inventory;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/inventory")
@Tag(name = "Admin: inventory")
class AdminInventoryController {

	/**
	 * {@code reason} is optional and goes into the stock ledger, such as "stocktake" or
	 * "damaged in storage".
	 */
	record SetStock(@NotNull @Min(0) @Max(1_000_000) Integer onHand, @Size(max = 500) String reason) {
	}

	/**
	 * The stock list's query parameters, checked as text so that every bad one is named
	 * in one answer. {@code q} is the start of a SKU, in any case; {@code below} keeps
	 * the SKUs with fewer units available.
	 */
	record ListParams(
			@Pattern(regexp = "[A-Za-z0-9._-]{1,64}",
					message = "must be the start of a SKU: up to 64 letters, digits, " + "'.', '_' or '-'") String q,
			@Pattern(regexp = "[0-9]{1,13}", message = "must be a whole number of units, 0 or more") String below,
			@Pattern(regexp = "[1-9]|[1-9][0-9]|100", message = "must be between 1 and 100") String limit,
			@Size(max = 2048) String cursor) {
	}

	private final Inventory inventory;

	private final StockList stockList;

	private final StockLedger ledger;

	AdminInventoryController(Inventory inventory, StockList stockList, StockLedger ledger) {
		this.inventory = inventory;
		this.stockList = stockList;
		this.ledger = ledger;
	}

	@GetMapping
	@Operation(operationId = "listStock", summary = "List the stock of every SKU",
			description = "Every stocked SKU with its units on hand, reserved and available, by SKU (case-insensitive, "
					+ "byte order); q keeps the SKUs that start with it (any case), below those with fewer than that "
					+ "many units available")
	ListPage<StockLevel> list(@Valid @ParameterObject ListParams params) {
		return stockList.page(params.q(), params.below() == null ? null : Long.valueOf(params.below()),
				params.limit() == null ? 20 : Integer.parseInt(params.limit()), params.cursor());
	}

	@GetMapping("/{sku}")
	@Operation(operationId = "getStock", summary = "Get the stock of a SKU", description = "The stock of one SKU")
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
		return ledger.movements(sku, limit, cursor);
	}

}

package io.bodega.catalog.admin;

import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.product.ProductView;

import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.web.Access;
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
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The shop admin's side of a product's variants; each change answers the whole product
 * with its new ETag.
 */
@RestController
@RequestMapping("/api/v1/admin/products")
@Tag(name = "Admin: catalog")
@Access(Access.Level.ADMIN)
class AdminVariantController {

	record UpdateVariant(@Size(max = 200) String title,
			@Size(max = 10) Map<@NotBlank @Size(max = 50) String, @NotNull @Size(max = 100) String> options,
			@Valid AdminProductController.MoneyBody price) {
	}

	private final ProductEditing editing;

	AdminVariantController(ProductEditing editing) {
		this.editing = editing;
	}

	@PostMapping("/{id}/variants")
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "addVariant", summary = "Add a variant",
			description = "Add a variant; answers the whole product")
	@ApiResponse(responseCode = "201", description = "The product with its new variant",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "409", description = "conflict: the SKU is taken",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> addVariant(@PathVariable String id,
			@Valid @RequestBody AdminProductController.VariantBody request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) {
		ProductCache.Rendered product = editing.addVariant(AdminProductController.idOf(id),
				AdminProductController.newVariant(request, ""), ifMatch, actor);
		return AdminProductController.answer(HttpStatus.CREATED, product);
	}

	@PatchMapping("/{id}/variants/{variantId}")
	@Operation(operationId = "updateVariant", summary = "Change a variant",
			description = "Change a variant's title, options or price")
	@ApiResponse(responseCode = "200", description = "The changed product",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	ResponseEntity<byte[]> changeVariant(@PathVariable String id, @PathVariable String variantId,
			@Valid @RequestBody UpdateVariant request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) {
		Money price = request.price() == null ? null : AdminProductController.money(request.price(), "price");
		return AdminProductController.ok(editing.changeVariant(AdminProductController.idOf(id), variantIdOf(variantId),
				new ProductEditing.VariantChanges(request.title(), request.options(), price), ifMatch, actor));
	}

	@DeleteMapping("/{id}/variants/{variantId}")
	@Operation(operationId = "removeVariant", summary = "Remove a variant",
			description = "Remove a variant (not the last one, not while units of it are reserved)")
	@ApiResponse(responseCode = "200", description = "The product without the variant",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "409", description = "conflict: last variant, or units reserved",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> removeVariant(@PathVariable String id, @PathVariable String variantId,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) {
		return AdminProductController
			.ok(editing.removeVariant(AdminProductController.idOf(id), variantIdOf(variantId), ifMatch, actor));
	}

	private static UUID variantIdOf(String id) {
		return Ids.require(id, "The variant");
	}

}

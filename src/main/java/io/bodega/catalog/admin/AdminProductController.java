package io.bodega.catalog.admin;

import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.search.ProductSearch;
import io.bodega.catalog.product.ProductView;

import java.net.URI;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.catalog.product.ProductFields;
import io.bodega.catalog.product.Slugs;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springdoc.core.annotations.ParameterObject;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import io.swagger.v3.oas.annotations.headers.Header;

/**
 * The shop admin's side of products: every status is visible, every change is audited.
 */
@RestController
@Access(Access.Level.ADMIN)
@RequestMapping("/api/v1/admin/products")
@Tag(name = "Admin: catalog")
class AdminProductController {

	record MoneyBody(@NotNull @Min(0) @Max(1_000_000_000_000L) Long amount,
			@NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code such as EUR") String currency) {
	}

	record VariantBody(
			@NotBlank @Pattern(regexp = ProductFields.SKU,
					message = "must be 1 to 64 letters, digits, '.', '_' or '-'") String sku,
			@Size(max = 200) String title,
			@Size(max = 10) Map<@NotBlank @Size(max = 50) String, @NotNull @Size(max = 100) String> options,
			@NotNull @Valid MoneyBody price, @Min(0) @Max(1_000_000) Integer stock) {
	}

	record CreateProduct(@NotBlank @Size(max = 200) String title,
			@Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String slug,
			@Size(max = 20_000) String description,
			@Pattern(regexp = ProductFields.STATUS, message = "must be draft, active or archived") String status,
			@Size(max = 20) List<@NotBlank @Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String> categories,
			@NotEmpty @Size(max = 100) List<@NotNull @Valid VariantBody> variants) {
	}

	record UpdateProduct(
			@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank") String title,
			@Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String slug,
			@Size(max = 20_000) String description,
			@Pattern(regexp = ProductFields.STATUS, message = "must be draft, active or archived") String status,
			@Size(max = 20) List<@NotBlank @Size(max = 100) @Pattern(regexp = Slugs.PATTERN,
					message = "must be lower-case words joined by '-'") String> categories) {
	}

	private final ProductEditing editing;

	private final ProductCache cache;

	private final ProductSearch search;

	AdminProductController(ProductEditing editing, ProductCache cache, ProductSearch search) {
		this.editing = editing;
		this.cache = cache;
		this.search = search;
	}

	record AdminListParams(
			@Pattern(regexp = ProductFields.STATUS, message = "must be draft, active or archived") String status,
			@Size(max = 200) String q, @Size(max = 100) String category,
			@Pattern(regexp = "relevance|newest|price_asc|price_desc",
					message = "must be one of relevance, newest, price_asc, price_desc") String sort,
			@Pattern(regexp = ProductSearch.LIMIT, message = "must be between 1 and 100") String limit,
			@Size(max = 2048) String cursor) {
	}

	@GetMapping
	@Operation(operationId = "listAllProducts", summary = "List products of every status",
			description = "Products of every status (filter with status), newest first unless sorted otherwise")
	@ApiResponse(responseCode = "200", description = "A page of products",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = ProductSearch.Page.class)))
	ResponseEntity<byte[]> list(@Valid @ParameterObject AdminListParams params) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(search.searchJson(new ProductSearch.Query(params.q(), params.category(), null, null, null,
					params.sort(), ProductSearch.pageSize(params.limit()), params.cursor(), params.status())));
	}

	@PostMapping
	@ResponseStatus(HttpStatus.CREATED)
	@Operation(operationId = "createProduct", summary = "Create a product",
			description = "Create a product with its variants; unknown category slugs create categories")
	@ApiResponse(responseCode = "201", description = "The new product",
			headers = @Header(name = HttpHeaders.LOCATION, ref = "#/components/headers/Location"),
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "409", description = "conflict: the slug or a SKU is taken",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> create(@Valid @RequestBody CreateProduct request,
			@AuthenticationPrincipal CurrentUser actor) {
		List<ProductEditing.NewVariant> variants = request.variants()
			.stream()
			.map(v -> newVariant(v, "variants"))
			.toList();
		ProductCache.Rendered created = editing.create(new ProductEditing.NewProduct(request.title(), request.slug(),
				request.description(), request.status(), request.categories(), variants), actor);
		return ResponseEntity.created(URI.create("/api/v1/admin/products/" + created.id()))
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(created.etag())
			.body(created.body());
	}

	@GetMapping("/{id}")
	@Operation(operationId = "getAnyProduct", summary = "Get a product of any status",
			description = "One product of any status, with its ETag")
	@ApiResponse(responseCode = "200", description = "The product",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "304", description = "Not modified: If-None-Match names the current version")
	ResponseEntity<byte[]> get(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		ProductCache.Rendered product = cache.byId(idOf(id)).orElseThrow(() -> new NotFound("The product"));
		return product.answer(ifNoneMatch, CacheControl.noCache());
	}

	@PatchMapping("/{id}")
	@Operation(operationId = "updateProduct", summary = "Change a product",
			description = "Change some fields; with If-Match, only if the product is still that version")
	@ApiResponse(responseCode = "200", description = "The changed product",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	@ApiResponse(responseCode = "409", description = "conflict: the slug is taken",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	@ApiResponse(responseCode = "412", description = "precondition_failed: If-Match names an old version",
			content = @Content(mediaType = "application/problem+json", schema = @Schema(ref = "Problem")))
	ResponseEntity<byte[]> update(@PathVariable String id, @Valid @RequestBody UpdateProduct request,
			@RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch,
			@AuthenticationPrincipal CurrentUser actor) {
		return ok(editing.update(idOf(id), new ProductEditing.ProductChanges(request.title(), request.slug(),
				request.description(), request.status(), request.categories()), ifMatch, actor));
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.NO_CONTENT)
	@Operation(operationId = "archiveProduct", summary = "Archive a product",
			description = "Archive: gone from the public catalog, kept for past orders")
	@ApiResponse(responseCode = "204", description = "Archived")
	void archive(@PathVariable String id, @AuthenticationPrincipal CurrentUser actor) {
		editing.archive(idOf(id), actor);
	}

	/** A product as the answer to an admin's change: its JSON and its ETag. */
	static ResponseEntity<byte[]> ok(ProductCache.Rendered product) {
		return answer(HttpStatus.OK, product);
	}

	static ResponseEntity<byte[]> answer(HttpStatus status, ProductCache.Rendered product) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.eTag(product.etag())
			.body(product.body());
	}

	static ProductEditing.NewVariant newVariant(VariantBody v, String prefix) {
		return new ProductEditing.NewVariant(v.sku(), v.title(), v.options(), money(v.price(), "price"), v.stock());
	}

	static Money money(MoneyBody body, String field) {
		try {
			Currency.getInstance(body.currency());
		}
		catch (IllegalArgumentException e) {
			throw new ValidationFailed(field + ".currency", "is not an ISO 4217 currency");
		}
		return Money.of(body.amount(), body.currency());
	}

	static UUID idOf(String id) {
		return Ids.require(id, "The product");
	}

}

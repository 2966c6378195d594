package io.bodega.catalog;

import io.bodega.catalog.product.Categories;
import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.search.ProductSearch;
import io.bodega.catalog.product.ProductView;

import org.jspecify.annotations.Nullable;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.bodega.shared.Ids;
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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The shopper's side of the catalog: only active products are visible here. */
@RestController
@Access(Access.Level.PUBLIC)
@RequestMapping("/api/v1")
@Tag(name = "Catalog")
class ProductController {

	/**
	 * Product pages may be kept by browsers and CDNs briefly; after that they revalidate
	 * with the ETag.
	 */
	static final CacheControl PRODUCT_CACHING = CacheControl.maxAge(Duration.ofSeconds(10)).cachePublic();

	record CategoryList(List<Categories.Category> items, @Nullable String nextCursor) {
	}

	private final ProductSearch search;

	private final ProductCache cache;

	private final Categories categories;

	ProductController(ProductSearch search, ProductCache cache, Categories categories) {
		this.search = search;
		this.cache = cache;
		this.categories = categories;
	}

	static final String AMOUNT = "[0-9]{1,13}";

	/**
	 * The list's query parameters. Numbers arrive as text checked by patterns, so that
	 * one unconvertible value cannot hide the others: every bad parameter is named in one
	 * answer.
	 */
	record ListParams(@Size(max = 200) String q, @Size(max = 100) String category,
			@Pattern(regexp = AMOUNT, message = "must be a whole, non-negative amount in minor units") String minPrice,
			@Pattern(regexp = AMOUNT, message = "must be a whole, non-negative amount in minor units") String maxPrice,
			@Pattern(regexp = "true|false", message = "must be true or false") String inStock,
			@Pattern(regexp = "relevance|newest|price_asc|price_desc",
					message = "must be one of relevance, newest, price_asc, price_desc") String sort,
			@Pattern(regexp = ProductSearch.LIMIT, message = "must be between 1 and 100") String limit,
			@Size(max = 2048) String cursor) {

		ProductSearch.Query query(String status) {
			Long min = minPrice == null ? null : Long.valueOf(minPrice);
			Long max = maxPrice == null ? null : Long.valueOf(maxPrice);
			if (min != null && max != null && min > max) {
				throw new ValidationFailed("minPrice", "must not be greater than maxPrice");
			}
			return new ProductSearch.Query(q, category, min, max, inStock == null ? null : Boolean.valueOf(inStock),
					sort, ProductSearch.pageSize(limit), cursor, status);
		}
	}

	@GetMapping("/products")
	@Operation(operationId = "listProducts", summary = "Search and list products",
			description = "Active products: search (q), filter (category with its sub-categories, minPrice/maxPrice in "
					+ "minor units, inclusive, on the lowest variant price; inStock), sort (relevance, newest, price_asc, "
					+ "price_desc), page (limit 1..100, cursor); facets come with the first page")
	@ApiResponse(responseCode = "200", description = "A page of products",
			content = @Content(mediaType = "application/json",
					schema = @Schema(implementation = ProductSearch.Page.class)))
	ResponseEntity<byte[]> list(@Valid @ParameterObject ListParams params) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(search.searchJson(params.query("active")));
	}

	@GetMapping("/products/{idOrSlug}")
	@Operation(operationId = "getProduct", summary = "Get a product",
			description = "One active product with its variants; answers 304 to a matching If-None-Match")
	@ApiResponse(responseCode = "304", description = "Not modified")
	@ApiResponse(responseCode = "200", description = "The product, with ETag and Cache-Control",
			content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProductView.class)))
	ResponseEntity<byte[]> get(@PathVariable @Size(max = 200) String idOrSlug,
			@RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
		UUID id = Ids.parseOrNull(idOrSlug);
		ProductCache.Rendered product = (id != null ? cache.byId(id) : cache.bySlug(idOrSlug))
			.filter(p -> "active".equals(p.status()))
			.orElseThrow(() -> new NotFound("The product"));
		return product.answer(ifNoneMatch, PRODUCT_CACHING);
	}

	@GetMapping("/categories")
	@Operation(operationId = "listCategories", summary = "List categories",
			description = "Every category; parentId builds the tree")
	CategoryList categories() {
		return new CategoryList(categories.all(), null);
	}

}

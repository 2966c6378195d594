package io.bodega.catalog.product;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.shared.Money;

/**
 * A product as the API shows it, the same on the public and the admin path (so its ETag
 * is too). {@code price} is the lowest variant price; {@code available} is the units
 * available over all variants.
 */
@Schema(name = "Product")
public record ProductView(UUID id, String slug, String title, @Nullable String description, String status,
		List<String> categories, List<Image> images, List<Variant> variants, Money price, int available,
		Instant createdAt, Instant updatedAt) {

	@Schema(name = "Variant")
	record Variant(UUID id, String sku, String title, Map<String, String> options, Money price, int available) {
	}

	@Schema(name = "ProductImage")
	record Image(UUID id, String url, String contentType, @Nullable Integer width, @Nullable Integer height) {
	}
}

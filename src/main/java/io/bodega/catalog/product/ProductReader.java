package io.bodega.catalog.product;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.catalog.media.MediaController;
import io.bodega.shared.Money;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import java.sql.Timestamp;
import java.util.Comparator;

/**
 * Reads products whole: four plain statements, whatever their number of variants, images
 * or categories.
 */
@Component
class ProductReader {

	private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Categories categories;

	ProductReader(JdbcClient jdbc, JsonMapper json, Categories categories) {
		this.jdbc = jdbc;
		this.json = json;
		this.categories = categories;
	}

	Optional<UUID> idBySlug(String slug) {
		return jdbc.sql("select id from products where slug = ?").param(slug).query(UUID.class).optional();
	}

	Optional<ProductView> load(UUID id) {
		return Optional.ofNullable(loadAll(List.of(id)).get(id));
	}

	/** Many products whole, in the same four statements; unknown ids are left out. */
	Map<UUID, ProductView> loadAll(Collection<UUID> ids) {
		record Row(UUID id, String slug, String title, String description, String status, Timestamp createdAt,
				Timestamp updatedAt) {
		}
		UUID[] keys = ids.toArray(UUID[]::new);
		List<Row> rows = jdbc.sql("""
				select id, slug, title, description, status, created_at, updated_at from products where id = any(?)""")
			.param(keys)
			.query(Row.class)
			.list();
		if (rows.isEmpty()) {
			return Map.of();
		}
		Map<UUID, List<ProductView.Variant>> variants = variants(keys);
		Map<UUID, List<String>> categories = this.categories.slugsOf(keys);
		Map<UUID, List<ProductView.Image>> images = images(keys);
		Map<UUID, ProductView> views = new HashMap<>();
		for (Row p : rows) {
			List<ProductView.Variant> own = variants.getOrDefault(p.id(), List.of());
			Money price = own.stream()
				.map(ProductView.Variant::price)
				.min(Comparator.comparingLong(Money::amount))
				.orElse(null);
			int available = own.stream().mapToInt(ProductView.Variant::available).sum();
			views.put(p.id(),
					new ProductView(p.id(), p.slug(), p.title(), p.description(), p.status(),
							categories.getOrDefault(p.id(), List.of()), images.getOrDefault(p.id(), List.of()), own,
							price, available, p.createdAt().toInstant(), p.updatedAt().toInstant()));
		}
		return views;
	}

	private Map<UUID, List<ProductView.Variant>> variants(UUID[] keys) {
		Map<UUID, List<ProductView.Variant>> variants = new HashMap<>();
		jdbc.sql("""
				select product_id, id, sku, title, options::text, price_amount, currency, available
				from variants where product_id = any(?) order by product_id, position, created_at, sku""")
			.param(keys)
			.query((rs, n) -> variants.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
				.add(new ProductView.Variant(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
						json.readValue(rs.getString(5), OPTIONS), Money.of(rs.getLong(6), rs.getString(7)),
						rs.getInt(8))))
			.list();
		return variants;
	}

	private Map<UUID, List<ProductView.Image>> images(UUID[] keys) {
		Map<UUID, List<ProductView.Image>> images = new HashMap<>();
		jdbc.sql("""
				select product_id, id, content_hash, extension, content_type, width, height
				from product_images where product_id = any(?) order by product_id, position, created_at""")
			.param(keys)
			.query((rs, n) -> images.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
				.add(new ProductView.Image(rs.getObject(2, UUID.class),
						MediaController.url(rs.getString(3), rs.getString(4)), rs.getString(5),
						(Integer) rs.getObject(6), (Integer) rs.getObject(7))))
			.list();
		return images;
	}

}

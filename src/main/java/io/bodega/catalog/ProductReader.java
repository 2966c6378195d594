package io.bodega.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.Money;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Reads one product whole: four plain statements, whatever its number of variants, images or categories. */
@Component
class ProductReader {

	private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;
	private final JsonMapper json;

	ProductReader(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<UUID> idBySlug(String slug) {
		return jdbc.sql("select id from products where slug = ?").param(slug).query(UUID.class).optional();
	}

	Optional<ProductView> load(UUID id) {
		record Row(UUID id, String slug, String title, String description, String status, java.sql.Timestamp createdAt,
				java.sql.Timestamp updatedAt) {
		}
		Optional<Row> row = jdbc.sql("""
				select id, slug, title, description, status, created_at, updated_at from products where id = ?""")
			.param(id)
			.query(Row.class)
			.optional();
		if (row.isEmpty()) {
			return Optional.empty();
		}
		List<ProductView.Variant> variants = jdbc.sql("""
				select id, sku, title, options::text, price_amount, currency, available
				from variants where product_id = ? order by position, created_at, sku""")
			.param(id)
			.query((rs, n) -> new ProductView.Variant(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					json.readValue(rs.getString(4), OPTIONS), Money.of(rs.getLong(5), rs.getString(6)), rs.getInt(7)))
			.list();
		List<String> categories = jdbc.sql("""
				select c.slug from product_categories pc join categories c on c.id = pc.category_id
				where pc.product_id = ? order by c.slug""")
			.param(id)
			.query(String.class)
			.list();
		List<ProductView.Image> images = jdbc.sql("""
				select id, content_hash, extension, content_type, width, height
				from product_images where product_id = ? order by position, created_at""")
			.param(id)
			.query((rs, n) -> new ProductView.Image(rs.getObject(1, UUID.class),
					MediaController.url(rs.getString(2), rs.getString(3)), rs.getString(4),
					(Integer) rs.getObject(5), (Integer) rs.getObject(6)))
			.list();
		Row p = row.get();
		Money price = variants.stream().map(ProductView.Variant::price)
			.min(java.util.Comparator.comparingLong(Money::amount)).orElse(null);
		int available = variants.stream().mapToInt(ProductView.Variant::available).sum();
		return Optional.of(new ProductView(p.id(), p.slug(), p.title(), p.description(), p.status(), categories, images,
				variants, price, available, p.createdAt().toInstant(), p.updatedAt().toInstant()));
	}
}

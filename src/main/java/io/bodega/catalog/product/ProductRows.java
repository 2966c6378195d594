package io.bodega.catalog.product;

import java.sql.Timestamp;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The rows a product is stored as (products, variants, product_categories), written the
 * same way by the JSON API's edits, the CSV import and the demo shop: one at a time, or
 * in batches of any size.
 */
@Component
public class ProductRows {

	/**
	 * A product row; {@code minPrice} and {@code created} are {@code null} to be worked
	 * out by the database (the demo shop gives them, to spread its products over time).
	 */
	public record ProductRow(UUID id, String slug, String title, String description, String status,
			@Nullable Long minPrice, @Nullable Timestamp created) {

		public ProductRow(UUID id, String slug, String title, String description, String status) {
			this(id, slug, title, description, status, null, null);
		}

		private Object[] values() {
			return new Object[] { id, slug, title, description, status, minPrice, created, created };
		}

	}

	public record VariantRow(UUID id, UUID productId, String sku, String title, Map<String, String> options, long price,
			String currency, int position, int available) {
	}

	public record CategoryLink(UUID productId, UUID categoryId) {
	}

	private static final String INSERT_PRODUCT = """
			insert into products (id, slug, title, description, status, min_price, created_at, updated_at)
			values (?, ?, ?, ?, ?, ?, coalesce(cast(? as timestamptz), now()), coalesce(cast(? as timestamptz), now()))""";

	private static final String INSERT_VARIANT = """
			insert into variants (id, product_id, sku, title, options, price_amount, currency, position, available)
			values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)""";

	private static final String INSERT_LINK = "insert into product_categories (product_id, category_id) values (?, ?)";

	private static final String DELETE_LINKS = "delete from product_categories where product_id = ?";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final JsonMapper json;

	private final Categories categories;

	ProductRows(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, Categories categories) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.json = json;
		this.categories = categories;
	}

	public void insert(ProductRow product) {
		jdbc.sql(INSERT_PRODUCT).params(product.values()).update();
	}

	public void insertAll(Collection<ProductRow> products) {
		batch.batchUpdate(INSERT_PRODUCT, products.stream().map(ProductRow::values).toList());
	}

	public void insert(VariantRow variant) {
		jdbc.sql(INSERT_VARIANT).params(values(variant)).update();
	}

	public void insertVariants(Collection<VariantRow> variants) {
		batch.batchUpdate(INSERT_VARIANT, variants.stream().map(this::values).toList());
	}

	/**
	 * Puts the product in these categories (by slug, made when missing); it must be in
	 * none yet.
	 */
	public void link(UUID productId, Collection<String> slugs) {
		Set<String> unique = new LinkedHashSet<>(slugs);
		if (unique.isEmpty()) {
			return;
		}
		Map<String, UUID> ids = categories.ensure(unique);
		for (String slug : unique) {
			jdbc.sql(INSERT_LINK).params(productId, ids.get(slug)).update();
		}
	}

	public void linkAll(Collection<CategoryLink> links) {
		batch.batchUpdate(INSERT_LINK,
				links.stream().map(link -> new Object[] { link.productId(), link.categoryId() }).toList());
	}

	public void unlink(UUID productId) {
		jdbc.sql(DELETE_LINKS).param(productId).update();
	}

	public void unlinkAll(Collection<UUID> productIds) {
		batch.batchUpdate(DELETE_LINKS, productIds.stream().map(id -> new Object[] { id }).toList());
	}

	/**
	 * A product's price in lists is its lowest variant price, kept on the product row for
	 * sorting and filtering.
	 */
	public void refreshMinPrices(Collection<UUID> ids) {
		jdbc.sql(
				"update products p set min_price = (select min(price_amount) from variants v where v.product_id = p.id) "
						+ "where p.id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.update();
	}

	public void refreshMinPrice(UUID id) {
		refreshMinPrices(List.of(id));
	}

	/** Marks the product changed now (its ETag changes with its body, not this). */
	public void touch(UUID id) {
		jdbc.sql("update products set updated_at = now() where id = ?").param(id).update();
	}

	/**
	 * {@code base}, or the first of {@code base-2}, {@code base-3}... that no product has
	 * taken.
	 */
	public String freeSlug(String base) {
		Set<String> taken = new HashSet<>(jdbc.sql("select slug from products where slug = :base or slug like :prefix")
			.param("base", base)
			.param("prefix", base + "-%")
			.query(String.class)
			.list());
		if (!taken.contains(base)) {
			return base;
		}
		for (int n = 2;; n++) {
			String candidate = base + "-" + n;
			if (!taken.contains(candidate)) {
				return candidate;
			}
		}
	}

	private Object[] values(VariantRow v) {
		return new Object[] { v.id(), v.productId(), v.sku(), v.title(), json.writeValueAsString(v.options()),
				v.price(), v.currency(), v.position(), v.available() };
	}

}

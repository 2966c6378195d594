package io.bodega.catalog.csv;

import io.bodega.catalog.config.CatalogProperties;
import io.bodega.catalog.product.Categories;
import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.product.ProductChangeRecorder;
import io.bodega.catalog.product.ProductRows;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.bodega.catalog.csv.ProductCsvReader.Row;
import io.bodega.catalog.csv.ProductImportPlan.Product;
import io.bodega.catalog.csv.ProductImportPlan.Variant;
import io.bodega.inventory.Inventory;
import io.bodega.shared.CurrentUser;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import java.time.Instant;

/**
 * Applies an import file in one transaction, after checking what needs the catalog (a SKU
 * of another product, the columns a new product or variant needs): a known slug updates
 * its product, a new one creates it; a known SKU updates its variant, a new one adds it.
 * Products and variants the file leaves out stay as they are: an import never removes. A
 * product whose columns and variants already hold the file's values is not written at all
 * (no audit entry, no new ETag, no cache eviction), so importing an export changes
 * nothing. Each changed product gets one audit entry with its whole before and after, and
 * is announced to every node's caches, as the JSON API's edits are.
 * <p>
 * Stock is never set for a SKU that exists: orders move it while the file travels, and an
 * import would overwrite what they sold since. A new SKU starts with the file's
 * {@code stock} (0 without one), announced as the JSON API's new SKUs are
 * ({@code stock.changed}, in the import's transaction).
 */
@Service
class ProductImport {

	@Schema(name = "ImportCounts", description = "How many the import created, changed, and found as the file has them")
	record Counts(int created, int updated, int unchanged) {
	}

	@Schema(name = "ProductImportResult", description = "What a product import did (with dryRun: would do)")
	record Result(boolean dryRun, Counts products, Counts variants) {
	}

	/**
	 * What the catalog holds of the file's products and SKUs: the products by slug with
	 * their versions, their variants by SKU and their categories, and the product slug of
	 * each of the file's SKUs that exists.
	 */
	private record Current(Map<String, Product> products, Map<String, Instant> versions, Map<String, Variant> variants,
			Map<UUID, Set<String>> categories, Map<String, String> owners) {
	}

	private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final JsonMapper json;

	private final Categories categories;

	private final ProductRows rows;

	private final ProductCache cache;

	private final ProductChangeRecorder recorder;

	private final Inventory inventory;

	private final String currency;

	ProductImport(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, Categories categories, ProductRows rows,
			ProductCache cache, ProductChangeRecorder recorder, Inventory inventory, CatalogProperties properties) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.json = json;
		this.categories = categories;
		this.rows = rows;
		this.cache = cache;
		this.recorder = recorder;
		this.inventory = inventory;
		this.currency = properties.currency();
	}

	/**
	 * Checks the parsed file against the catalog and, unless it is a dry run, applies it.
	 * Throws {@link ProductCsv.Rejected} with the file's errors and the catalog's, before
	 * anything is written.
	 */
	@Transactional
	Result apply(ProductCsvReader.Parsed file, boolean dryRun, CurrentUser actor) {
		Map<String, List<Row>> bySlug = new LinkedHashMap<>();
		file.rows().forEach(row -> bySlug.computeIfAbsent(row.slug(), slug -> new ArrayList<>()).add(row));
		Current current = current(bySlug.keySet(), file.rows(), dryRun);

		ImportErrors errors = file.errors();
		ProductImportChecks.againstCatalog(bySlug, current.products().keySet(), current.owners(), errors);
		ProductImportChecks.versions(bySlug, current.versions(), errors);
		if (!errors.isEmpty()) {
			throw new ProductCsv.Rejected(errors);
		}

		ProductImportPlan plan = new ProductImportPlan(currency);
		bySlug.forEach((slug, rows) -> {
			Product product = current.products().get(slug);
			if (product == null) {
				plan.create(slug, rows);
			}
			else {
				plan.update(rows, product, current.variants(),
						current.categories().getOrDefault(product.id(), Set.of()));
			}
		});
		if (!dryRun) {
			write(plan, actor);
		}
		return new Result(dryRun, new Counts(plan.created.size(), plan.updated.size(), plan.unchangedProducts),
				new Counts(plan.newVariants.size(), plan.changedVariants.size(), plan.unchangedVariants));
	}

	/**
	 * Reads what the catalog holds of the file's products, locking them unless this is a
	 * dry run. Locked in one order (by id), so two imports, or an import and an edit,
	 * cannot deadlock.
	 */
	private Current current(Set<String> slugs, List<Row> fileRows, boolean dryRun) {
		Map<String, Product> existing = new HashMap<>();
		Map<String, Instant> versions = new HashMap<>();
		jdbc.sql("select slug, id, title, description, status, updated_at from products where slug = any(:slugs) "
				+ "order by id" + (dryRun ? "" : " for update"))
			.param("slugs", slugs.toArray(String[]::new))
			.query((rs, n) -> {
				versions.put(rs.getString(1), rs.getTimestamp(6).toInstant());
				return existing.put(rs.getString(1),
						new Product(rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4), rs.getString(5)));
			})
			.list();
		UUID[] ids = existing.values().stream().map(Product::id).toArray(UUID[]::new);
		Map<String, Variant> variants = new HashMap<>();
		jdbc.sql("select id, product_id, sku, title, options::text, price_amount, position from variants "
				+ "where product_id = any(:ids)")
			.param("ids", ids)
			.query((rs, n) -> variants.put(rs.getString(3),
					new Variant(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
							rs.getString(4), json.readValue(rs.getString(5), OPTIONS), rs.getLong(6), rs.getInt(7))))
			.list();
		Map<UUID, Set<String>> categoriesOf = new HashMap<>();
		categories.slugsOf(ids).forEach((id, linked) -> categoriesOf.put(id, new TreeSet<>(linked)));
		Map<String, String> owners = new HashMap<>();
		jdbc.sql("select v.sku, p.slug from variants v join products p on p.id = v.product_id where v.sku = any(:skus)")
			.param("skus", fileRows.stream().map(Row::sku).toArray(String[]::new))
			.query((rs, n) -> owners.put(rs.getString(1), rs.getString(2)))
			.list();
		return new Current(existing, versions, variants, categoriesOf, owners);
	}

	private void write(ProductImportPlan plan, CurrentUser actor) {
		Map<UUID, ProductCache.Rendered> before = cache.fresh(plan.updated);
		rows.insertAll(plan.created.values()
			.stream()
			.map(p -> new ProductRows.ProductRow(p.id(), p.slug(), p.title(), p.description(), p.status()))
			.toList());
		batch.batchUpdate("update products set title = ?, description = ?, status = ?, updated_at = now() where id = ?",
				plan.productRows.values()
					.stream()
					.map(p -> new Object[] { p.title(), p.description(), p.status(), p.id() })
					.toList());
		rows.unlinkAll(plan.categoryChanges.keySet());
		rows.linkAll(links(plan));
		batch.batchUpdate("update variants set title = ?, options = cast(? as jsonb), price_amount = ? where id = ?",
				plan.changedVariants.stream()
					.map(v -> new Object[] { v.title(), json.writeValueAsString(v.options()), v.price(), v.id() })
					.toList());
		rows.insertVariants(plan.newVariants);
		if (!plan.stock.isEmpty()) {
			inventory.trackAll(plan.stock);
		}
		List<UUID> touched = plan.touched();
		rows.refreshMinPrices(touched);
		recorder.changed(touched, actor, before);
	}

	/** The category links of the new products and of those whose categories change. */
	private List<ProductRows.CategoryLink> links(ProductImportPlan plan) {
		Set<String> slugs = new LinkedHashSet<>();
		plan.created.values().forEach(p -> slugs.addAll(p.categories()));
		plan.categoryChanges.values().forEach(slugs::addAll);
		Map<String, UUID> ids = slugs.isEmpty() ? Map.of() : categories.ensure(slugs);
		List<ProductRows.CategoryLink> links = new ArrayList<>();
		plan.created.values()
			.forEach(p -> p.categories().forEach(c -> links.add(new ProductRows.CategoryLink(p.id(), ids.get(c)))));
		plan.categoryChanges.forEach((id, categorySlugs) -> categorySlugs
			.forEach(c -> links.add(new ProductRows.CategoryLink(id, ids.get(c)))));
		return links;
	}

}

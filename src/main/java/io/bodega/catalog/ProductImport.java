package io.bodega.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.catalog.ProductCsvReader.Row;
import io.bodega.inventory.Inventory;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.swagger.v3.oas.annotations.media.Schema;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
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

	private record Product(UUID id, String title, String description, String status) {
	}

	private record Variant(UUID id, UUID productId, String sku, String title, Map<String, String> options, long price,
			int position) {
	}

	private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final JsonMapper json;

	private final Categories categories;

	private final ProductCache cache;

	private final CatalogChanges changes;

	private final Inventory inventory;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final String currency;

	ProductImport(JdbcClient jdbc, JdbcTemplate batch, JsonMapper json, Categories categories, ProductCache cache,
			CatalogChanges changes, Inventory inventory, AuditLog audit, CatalogProperties properties,
			ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.batch = batch;
		this.json = json;
		this.categories = categories;
		this.cache = cache;
		this.changes = changes;
		this.inventory = inventory;
		this.audit = audit;
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
		// Locked in one order (by id), so two imports, or an import and an edit, cannot
		// deadlock.
		Map<String, Product> existing = new HashMap<>();
		Map<String, Instant> versions = new HashMap<>();
		jdbc.sql("select slug, id, title, description, status, updated_at from products where slug = any(:slugs) "
				+ "order by id" + (dryRun ? "" : " for update"))
			.param("slugs", bySlug.keySet().toArray(String[]::new))
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
		jdbc.sql("select pc.product_id, c.slug from product_categories pc join categories c on c.id = pc.category_id "
				+ "where pc.product_id = any(:ids)")
			.param("ids", ids)
			.query((rs, n) -> categoriesOf.computeIfAbsent(rs.getObject(1, UUID.class), id -> new TreeSet<>())
				.add(rs.getString(2)))
			.list();

		Map<String, String> owners = new HashMap<>();
		jdbc.sql("select v.sku, p.slug from variants v join products p on p.id = v.product_id where v.sku = any(:skus)")
			.param("skus", file.rows().stream().map(Row::sku).toArray(String[]::new))
			.query((rs, n) -> owners.put(rs.getString(1), rs.getString(2)))
			.list();

		ImportErrors errors = file.errors();
		ProductImportChecks.againstCatalog(bySlug, existing.keySet(), owners, errors);
		ProductImportChecks.versions(bySlug, versions, errors);
		if (!errors.isEmpty()) {
			throw new ProductCsv.Rejected(errors);
		}

		Changes plan = new Changes();
		bySlug.forEach((slug, rows) -> {
			Product current = existing.get(slug);
			plan.add(slug, rows, current, variants,
					current == null ? Set.of() : categoriesOf.getOrDefault(current.id(), Set.of()));
		});
		if (!dryRun) {
			write(plan, actor);
		}
		return new Result(dryRun, new Counts(plan.created.size(), plan.updated.size(), plan.unchangedProducts),
				new Counts(plan.newVariants.size(), plan.changedVariants.size(), plan.unchangedVariants));
	}

	/**
	 * Which products and variants the file creates or changes; everything else it holds
	 * is already so.
	 */
	private final class Changes {

		final Map<String, NewProduct> created = new LinkedHashMap<>();

		final Set<UUID> updated = new LinkedHashSet<>();

		final Map<UUID, Product> productRows = new LinkedHashMap<>();

		final Map<UUID, Set<String>> categoryChanges = new LinkedHashMap<>();

		final List<Object[]> newVariants = new ArrayList<>();

		final List<Object[]> changedVariants = new ArrayList<>();

		final Map<String, Integer> stock = new LinkedHashMap<>();

		int unchangedProducts;

		int unchangedVariants;

		record NewProduct(UUID id, String slug, String title, String description, String status,
				Set<String> categories) {
		}

		void add(String slug, List<Row> rows, Product current, Map<String, Variant> variants,
				Set<String> currentCategories) {
			Row first = rows.getFirst();
			if (current == null) {
				UUID id = Ids.newId();
				created.put(slug, new NewProduct(id, slug, first.title(), or(first.description(), ""),
						or(first.status(), "active"), new LinkedHashSet<>(or(first.categories(), List.of()))));
				int position = 0;
				for (Row row : rows) {
					addVariant(id, row, position++);
				}
				return;
			}
			boolean changed = false;
			Product wanted = new Product(current.id(), or(first.title(), current.title()),
					or(first.description(), current.description()), or(first.status(), current.status()));
			if (!wanted.equals(current)) {
				productRows.put(current.id(), wanted);
				changed = true;
			}
			if (first.categories() != null && !new TreeSet<>(first.categories()).equals(currentCategories)) {
				categoryChanges.put(current.id(), new LinkedHashSet<>(first.categories()));
				changed = true;
			}
			int position = variants.values()
				.stream()
				.filter(v -> v.productId().equals(current.id()))
				.mapToInt(Variant::position)
				.max()
				.orElse(-1) + 1;
			for (Row row : rows) {
				Variant variant = variants.get(row.sku());
				if (variant == null) {
					addVariant(current.id(), row, position++);
					changed = true;
					continue;
				}
				String title = or(row.variantTitle(), variant.title());
				Map<String, String> options = or(row.options(), variant.options());
				long price = row.price() == null ? variant.price() : row.price();
				if (title.equals(variant.title()) && options.equals(variant.options()) && price == variant.price()) {
					unchangedVariants++;
					continue;
				}
				changedVariants.add(new Object[] { title, json.writeValueAsString(options), price, variant.id() });
				changed = true;
			}
			if (changed) {
				updated.add(current.id());
				productRows.putIfAbsent(current.id(), wanted);
			}
			else {
				unchangedProducts++;
			}
		}

		private void addVariant(UUID productId, Row row, int position) {
			int units = row.stock() == null ? 0 : row.stock();
			newVariants.add(new Object[] { Ids.newId(), productId, row.sku(), or(row.variantTitle(), ""),
					json.writeValueAsString(or(row.options(), Map.of())), row.price(), currency, position, units });
			stock.put(row.sku(), units);
		}

	}

	private void write(Changes plan, CurrentUser actor) {
		Set<String> categorySlugs = new LinkedHashSet<>();
		plan.created.values().forEach(p -> categorySlugs.addAll(p.categories()));
		plan.categoryChanges.values().forEach(categorySlugs::addAll);
		Map<String, UUID> categoryIds = categorySlugs.isEmpty() ? Map.of() : categories.ensure(categorySlugs);

		Map<UUID, ProductCache.Rendered> before = cache.fresh(plan.updated);

		batch.batchUpdate("insert into products (id, slug, title, description, status) values (?, ?, ?, ?, ?)",
				plan.created.values()
					.stream()
					.map(p -> new Object[] { p.id(), p.slug(), p.title(), p.description(), p.status() })
					.toList());
		batch.batchUpdate("update products set title = ?, description = ?, status = ?, updated_at = now() where id = ?",
				plan.productRows.values()
					.stream()
					.map(p -> new Object[] { p.title(), p.description(), p.status(), p.id() })
					.toList());
		batch.batchUpdate("delete from product_categories where product_id = ?",
				plan.categoryChanges.keySet().stream().map(id -> new Object[] { id }).toList());
		List<Object[]> links = new ArrayList<>();
		plan.created.values()
			.forEach(p -> p.categories().forEach(c -> links.add(new Object[] { p.id(), categoryIds.get(c) })));
		plan.categoryChanges
			.forEach((id, slugs) -> slugs.forEach(c -> links.add(new Object[] { id, categoryIds.get(c) })));
		batch.batchUpdate("insert into product_categories (product_id, category_id) values (?, ?)", links);
		batch.batchUpdate("update variants set title = ?, options = cast(? as jsonb), price_amount = ? where id = ?",
				plan.changedVariants);
		batch
			.batchUpdate("insert into variants (id, product_id, sku, title, options, price_amount, currency, position, "
					+ "available) values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?)", plan.newVariants);
		if (!plan.stock.isEmpty()) {
			inventory.trackAll(plan.stock);
		}

		List<UUID> touched = new ArrayList<>(plan.created.values().stream().map(Changes.NewProduct::id).toList());
		touched.addAll(plan.updated);
		CatalogAdmin.refreshMinPrices(jdbc, touched);
		Map<UUID, ProductCache.Rendered> after = cache.fresh(touched);
		for (UUID id : touched) {
			ProductCache.Rendered old = before.get(id);
			var shown = json.readTree(after.get(id).body());
			audit.record(actor, old == null ? "product.create" : "product.update", "product", id.toString(),
					old == null ? null : json.readTree(old.body()), shown);
			changes.productChanged(id);
			CatalogAdmin.published(events, old == null, after.get(id), shown.path("title").asString());
		}
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}

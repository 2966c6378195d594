package io.bodega.catalog.demo;

import io.bodega.catalog.config.CatalogProperties;
import io.bodega.catalog.product.ProductRows;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.catalog.media.MediaStorage;
import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.shared.Ids;
import io.bodega.shared.db.DatabaseLimits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.stream.Collectors;

/**
 * The demo shop: with {@code BODEGA_DEMO_DATA=true} (the default) an empty database is
 * filled with a believable catalog of 25 categories and {@code BODEGA_DEMO_PRODUCTS}
 * products (1,000 by default) with variants, prices, stock and simple drawn images.
 * Everything is made in code from a fixed seed, so every run makes the same shop; nothing
 * is downloaded. One transaction under an advisory lock: several nodes starting on one
 * empty database fill it once.
 */
@Component
class DemoCatalog implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

	private static final long LOCK = 0x626F64656761L;

	private final CatalogProperties properties;

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	private final TransactionTemplate tx;

	private final Inventory inventory;

	private final MediaStorage media;

	private final AuditLog audit;

	private final ProductRows rows;

	DemoCatalog(CatalogProperties properties, JdbcClient jdbc, JdbcTemplate batch, TransactionTemplate tx,
			Inventory inventory, MediaStorage media, AuditLog audit, ProductRows rows) {
		this.properties = properties;
		this.jdbc = jdbc;
		this.batch = batch;
		this.tx = tx;
		this.inventory = inventory;
		this.media = media;
		this.audit = audit;
		this.rows = rows;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (properties.demoData()) {
			fillIfEmpty(properties.demoProducts());
		}
	}

	/**
	 * Fills an empty catalog; answers how many products were made (0 when the catalog was
	 * not empty).
	 */
	int fillIfEmpty(int products) {
		long started = System.nanoTime();
		Integer made = tx.execute(status -> {
			// Nodes starting together wait for the one filling the catalog, however long
			// that takes.
			DatabaseLimits.liftForThisTransaction(jdbc);
			jdbc.sql("select pg_advisory_xact_lock(?)").param(LOCK).query(Object.class).optional();
			boolean empty = !jdbc.sql("select exists (select 1 from products)").query(Boolean.class).single();
			return empty ? fill(products) : 0;
		});
		if (made != null && made > 0) {
			// Fresh statistics for the planner at once: autovacuum would gather them a
			// while later, or never where it
			// is switched off, and until then searches over thousands of products get
			// poor plans.
			jdbc.sql("analyze products, variants, product_categories, product_images, categories, stock_items")
				.update();
			log.info("Filled the empty catalog with {} demo products in {} ms (BODEGA_DEMO_DATA=false to skip)", made,
					(System.nanoTime() - started) / 1_000_000);
		}
		return made == null ? 0 : made;
	}

	private int fill(int count) {
		Map<String, UUID> categoryIds = insertCategories();
		Map<String, String> images = DemoImages.drawAll(media);
		DemoProducts maker = new DemoProducts(properties.demoVariants(), properties.currency());
		List<ProductRows.ProductRow> products = new ArrayList<>();
		List<ProductRows.CategoryLink> links = new ArrayList<>();
		List<ProductRows.VariantRow> variants = new ArrayList<>();
		List<Object[]> imageRows = new ArrayList<>();
		Instant now = Instant.now();
		for (int i = 0; i < count; i++) {
			DemoProducts.Made made = maker.make(i, Timestamp.from(now.minus(Duration.ofMinutes(37L * (count - i)))));
			UUID id = made.product().id();
			products.add(made.product());
			links.add(new ProductRows.CategoryLink(id, categoryIds.get(made.kind().slug())));
			variants.addAll(made.variants());
			String image = images.get(made.kind().slug() + "/" + made.firstColour());
			imageRows
				.add(new Object[] { Ids.newId(), id, image, "png", "image/png", DemoImages.SIZE, DemoImages.SIZE });
		}
		rows.insertAll(products);
		rows.linkAll(links);
		rows.insertVariants(variants);
		batch.batchUpdate("insert into product_images (id, product_id, content_hash, extension, content_type, width, "
				+ "height) values (?, ?, ?, ?, ?, ?, ?)", imageRows);
		Map<String, Integer> stock = new LinkedHashMap<>();
		variants.forEach(variant -> stock.put(variant.sku(), variant.available()));
		inventory.trackAllUnannounced(stock);
		audit.record(null, "catalog.demo", "catalog", "demo", null,
				Map.of("products", count, "variants", variants.size(), "categories", categoryIds.size()));
		return count;
	}

	private Map<String, UUID> insertCategories() {
		Map<String, UUID> ids = new LinkedHashMap<>();
		List<Object[]> rows = new ArrayList<>();
		for (DemoProducts.Department department : DemoProducts.DEPARTMENTS) {
			UUID parent = Ids.newId();
			ids.put(department.slug(), parent);
			rows.add(new Object[] { parent, department.slug(), department.name(), null });
			for (DemoProducts.Kind kind : department.kinds()) {
				UUID id = Ids.newId();
				ids.put(kind.slug(), id);
				rows.add(new Object[] { id, kind.slug(), kind.name(), parent });
			}
		}
		batch.batchUpdate("insert into categories (id, slug, name, parent_id) values (?, ?, ?, ?) "
				+ "on conflict (slug) do nothing", rows);
		return jdbc.sql("select slug, id from categories where slug = any(?)")
			.param(ids.keySet().toArray(String[]::new))
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getObject(2, UUID.class)))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
	}

}

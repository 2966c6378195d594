package io.bodega.catalog.csv;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.catalog.product.Categories;
import org.apache.commons.csv.CSVPrinter;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.Instant;

/**
 * Writes the catalog as the product CSV, a page of products at a time by slug: memory
 * stays bounded however large the catalog, and no transaction is held open while a slow
 * client reads (each page is read in a short one of its own).
 */
@Component
public class ProductExport {

	/**
	 * Products per page: three statements read one page, whatever its number of variants.
	 */
	static final int PAGE = 500;

	private record Product(UUID id, String slug, String title, String description, String status, Instant updatedAt) {
	}

	private record Variant(String sku, String title, String options, long price, String currency) {
	}

	private record Page(List<Product> products, Map<UUID, List<Variant>> variants, Map<UUID, List<String>> categories) {
	}

	private static final TypeReference<Map<String, String>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionOperations readOnly;

	private final Categories categories;

	ProductExport(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions, Categories categories) {
		this.jdbc = jdbc;
		this.json = json;
		this.categories = categories;
		// One snapshot per page, so a product's variants and categories are read as of
		// one moment.
		TransactionTemplate template = new TransactionTemplate(transactions);
		template.setReadOnly(true);
		template.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
		this.readOnly = template;
	}

	/**
	 * Writes the header and a row per variant of every product (of {@code status}, when
	 * given), ordered by slug.
	 */
	public void write(Writer out, String status) throws IOException {
		CSVPrinter printer = new CSVPrinter(out, ProductCsv.FORMAT);
		printer.printRecord(ProductCsv.EXPORTED);
		String after = "";
		while (true) {
			String from = after;
			Page page = readOnly.execute(tx -> page(from, status));
			for (Product product : page.products()) {
				String categories = ProductCsv.categories(page.categories().getOrDefault(product.id(), List.of()));
				for (Variant variant : page.variants().getOrDefault(product.id(), List.of())) {
					printer.printRecord(ProductCsv.guard(product.slug()), ProductCsv.guard(product.title()),
							ProductCsv.guard(product.description()), product.status(), categories,
							ProductCsv.guard(variant.sku()), ProductCsv.guard(variant.title()),
							ProductCsv.guard(ProductCsv.options(json.readValue(variant.options(), OPTIONS))),
							variant.price(), variant.currency(), product.updatedAt());
				}
			}
			if (page.products().size() < PAGE) {
				break;
			}
			after = page.products().getLast().slug();
		}
		printer.flush();
	}

	private Page page(String after, String status) {
		List<Product> products = jdbc.sql("""
				select id, slug, title, description, status, updated_at from products
				where slug > :after and (cast(:status as text) is null or status = :status)
				order by slug limit :limit""")
			.param("after", after)
			.param("status", status)
			.param("limit", PAGE)
			.query(Product.class)
			.list();
		UUID[] ids = products.stream().map(Product::id).toArray(UUID[]::new);
		Map<UUID, List<Variant>> variants = new HashMap<>();
		jdbc.sql("""
				select product_id, sku, title, options::text, price_amount, currency from variants
				where product_id = any(:ids) order by product_id, position, created_at, sku""")
			.param("ids", ids)
			.query((rs, n) -> variants.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
				.add(new Variant(rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6))))
			.list();
		return new Page(products, variants, categories.slugsOf(ids));
	}

}

package io.bodega.catalog.csv;

import io.bodega.catalog.product.ProductRows;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.bodega.catalog.csv.ProductCsvReader.Row;
import io.bodega.shared.Ids;

/**
 * Which products and variants an import file creates or changes; everything else it holds
 * is already so. Worked out before anything is written, so a dry run counts the same.
 */
final class ProductImportPlan {

	/** A product's own columns as the catalog has them. */
	record Product(UUID id, String title, String description, String status) {
	}

	/** A variant as the catalog has it. */
	record Variant(UUID id, UUID productId, String sku, String title, Map<String, String> options, long price,
			int position) {
	}

	record NewProduct(UUID id, String slug, String title, String description, String status, Set<String> categories) {
	}

	record VariantChange(UUID id, String title, Map<String, String> options, long price) {
	}

	final Map<String, NewProduct> created = new LinkedHashMap<>();

	final Set<UUID> updated = new LinkedHashSet<>();

	final Map<UUID, Product> productRows = new LinkedHashMap<>();

	final Map<UUID, Set<String>> categoryChanges = new LinkedHashMap<>();

	final List<ProductRows.VariantRow> newVariants = new ArrayList<>();

	final List<VariantChange> changedVariants = new ArrayList<>();

	final Map<String, Integer> stock = new LinkedHashMap<>();

	int unchangedProducts;

	int unchangedVariants;

	private final String currency;

	ProductImportPlan(String currency) {
		this.currency = currency;
	}

	/** The products the import creates or changes, the new ones first. */
	List<UUID> touched() {
		List<UUID> touched = new ArrayList<>(created.values().stream().map(NewProduct::id).toList());
		touched.addAll(updated);
		return touched;
	}

	/** Plans a new product and all its variants. */
	void create(String slug, List<Row> rows) {
		Row first = rows.getFirst();
		UUID id = Ids.newId();
		created.put(slug, new NewProduct(id, slug, first.title(), or(first.description(), ""),
				or(first.status(), "active"), new LinkedHashSet<>(or(first.categories(), List.of()))));
		int position = 0;
		for (Row row : rows) {
			addVariant(id, row, position++);
		}
	}

	/**
	 * Plans what the rows change of an existing product: its columns, its categories, its
	 * variants (changed or new).
	 */
	void update(List<Row> rows, Product current, Map<String, Variant> variants, Set<String> currentCategories) {
		Row first = rows.getFirst();
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
		changed |= updateVariants(rows, current, variants);
		if (changed) {
			updated.add(current.id());
			productRows.putIfAbsent(current.id(), wanted);
		}
		else {
			unchangedProducts++;
		}
	}

	/** Plans the variants of an existing product; answers whether any changes. */
	private boolean updateVariants(List<Row> rows, Product current, Map<String, Variant> variants) {
		boolean changed = false;
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
			changedVariants.add(new VariantChange(variant.id(), title, options, price));
			changed = true;
		}
		return changed;
	}

	private void addVariant(UUID productId, Row row, int position) {
		int units = row.stock() == null ? 0 : row.stock();
		newVariants.add(new ProductRows.VariantRow(Ids.newId(), productId, row.sku(), or(row.variantTitle(), ""),
				or(row.options(), Map.of()), row.price(), currency, position, units));
		stock.put(row.sku(), units);
	}

	private static <T> T or(T value, T fallback) {
		return value != null ? value : fallback;
	}

}

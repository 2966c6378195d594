package io.bodega.catalog.csv;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.bodega.catalog.csv.ProductCsvReader.Row;

/**
 * What an import file is checked for against the catalog, before anything is written (see
 * {@link ProductImport}).
 */
public final class ProductImportChecks {

	private ProductImportChecks() {
	}

	/**
	 * A row that names the version it was exported at is refused when its product has
	 * changed since, so an older file never undoes a later change; without the column the
	 * file's values win. A slug no product has is a new product whatever its version says
	 * (a row copied to make one keeps it); a renamed product's old rows are refused
	 * anyway, as their SKUs belong to it.
	 */
	public static void versions(Map<String, List<Row>> bySlug, Map<String, Instant> versions, ImportErrors errors) {
		bySlug.forEach((slug, rows) -> {
			Row first = rows.getFirst();
			if (first.version() == null) {
				return;
			}
			Instant current = versions.get(slug);
			if (current != null && !current.equals(first.version())) {
				errors.add(first.row(), ProductCsv.VERSION,
						"the product " + slug + " was changed after " + "this file was exported (its version is now "
								+ current + "); export again, or leave out the "
								+ "version column to write the file's values over that change");
			}
		});
	}

	/**
	 * What only the catalog can tell: whose a SKU is, and whether a product or variant is
	 * new (and so needs more).
	 */
	public static void againstCatalog(Map<String, List<Row>> bySlug, Set<String> existing, Map<String, String> owners,
			ImportErrors errors) {
		bySlug.forEach((slug, rows) -> {
			Row first = rows.getFirst();
			boolean created = !existing.contains(slug);
			if (created && first.title() == null) {
				errors.add(first.row(), ProductCsv.TITLE, "column is needed to create the new product " + slug);
			}
			if (created && slug.length() > 100) {
				errors.add(first.row(), ProductCsv.SLUG, "must be at most 100 characters for a new product");
			}
			for (Row row : rows) {
				String owner = owners.get(row.sku());
				if (owner != null && !owner.equals(slug)) {
					errors.add(row.row(), ProductCsv.SKU, "SKU " + row.sku() + " belongs to the product " + owner
							+ "; a SKU cannot move between products");
				}
				else if (owner == null && row.price() == null) {
					errors.add(row.row(), ProductCsv.PRICE, "column is needed to add the new SKU " + row.sku());
				}
			}
		});
	}

}

package io.bodega.catalog.csv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVRecord;

/**
 * The import file's first row: which column is where, or why the file is not a product
 * CSV.
 */
final class ProductCsvHeader {

	private static final String CSV = "csv";

	private ProductCsvHeader() {
	}

	/**
	 * The index of each column by name. Throws {@link ProductCsv.Rejected} with every
	 * fault of the header (unknown or doubled columns, slug or sku missing), or with one
	 * saying the file is separated by semicolons.
	 */
	static Map<String, Integer> columns(CSVRecord header, ImportErrors errors) {
		if (header.size() == 1 && separatedBySemicolons(header.get(0))) {
			throw new ProductCsv.Rejected(1, CSV,
					"the file is separated by semicolons (as spreadsheets save CSV in "
							+ "languages that write decimal commas); export it as CSV with commas, such as CSV UTF-8 "
							+ "(comma delimited)");
		}
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).strip();
			if (!ProductCsv.IMPORTED.contains(name)) {
				errors.add(1, name.isEmpty() ? CSV : ProductCsv.abbreviate(name),
						"is not a column of the product CSV; the columns are "
								+ String.join(", ", ProductCsv.IMPORTED));
			}
			else if (columns.putIfAbsent(name, i) != null) {
				errors.add(1, name, "is a column twice");
			}
		}
		for (String required : List.of(ProductCsv.SLUG, ProductCsv.SKU)) {
			if (!columns.containsKey(required)) {
				errors.add(1, required,
						"column is missing: every row names its product by slug and its variant by sku");
			}
		}
		if (!errors.isEmpty()) {
			throw new ProductCsv.Rejected(errors);
		}
		return columns;
	}

	/**
	 * A header of no commas whose parts between semicolons are all the product CSV's
	 * columns: a spreadsheet saved it with semicolons. It is refused rather than read,
	 * since {@code options} hold semicolons: a guessed separator could misread a file.
	 */
	private static boolean separatedBySemicolons(String header) {
		// Split only a header that could be one: ten million semicolons would make as
		// many strings.
		long semicolons = header.chars().filter(c -> c == ';').count();
		return semicolons > 0 && semicolons < ProductCsvInput.MAX_COLUMNS
				&& Arrays.stream(header.split(";", -1)).allMatch(name -> ProductCsv.IMPORTED.contains(name.strip()));
	}

}

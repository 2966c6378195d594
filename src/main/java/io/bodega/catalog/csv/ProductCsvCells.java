package io.bodega.catalog.csv;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.bodega.catalog.product.ProductFields;
import io.bodega.catalog.product.Slugs;
import org.apache.commons.csv.CSVRecord;

/**
 * The cells of one import row by column name, each read by the rules of the JSON product
 * API; what breaks a rule is added to the file's errors (none stops the others). A column
 * the file leaves out reads as {@code null}; the export's formula guard is taken off.
 */
final class ProductCsvCells {

	private static final Pattern SLUG = Pattern.compile(Slugs.PATTERN);

	private static final Pattern SKU = Pattern.compile(ProductFields.SKU);

	private static final Pattern STATUS = Pattern.compile(ProductFields.STATUS);

	private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,13}");

	private static final Pattern STOCK = Pattern.compile("[0-9]{1,7}");

	private final int row;

	private final CSVRecord record;

	private final Map<String, Integer> columns;

	private final ImportErrors errors;

	ProductCsvCells(int row, CSVRecord record, Map<String, Integer> columns, ImportErrors errors) {
		this.row = row;
		this.record = record;
		this.columns = columns;
		this.errors = errors;
	}

	/** The row, its cells read in the order of the columns (so are its errors). */
	ProductCsvReader.Row read(String currency) {
		String slug = slug();
		String title = title();
		String description = optional(ProductCsv.DESCRIPTION);
		if (description != null && description.length() > 20_000) {
			error(ProductCsv.DESCRIPTION, "must be at most 20000 characters");
		}
		String status = optional(ProductCsv.STATUS);
		if (status != null && !STATUS.matcher(status).matches()) {
			error(ProductCsv.STATUS, "must be draft, active or archived");
		}
		List<String> categories = categories(optional(ProductCsv.CATEGORIES));
		String sku = optional(ProductCsv.SKU);
		if (!SKU.matcher(sku).matches()) {
			error(ProductCsv.SKU, "must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		String variantTitle = optional(ProductCsv.VARIANT_TITLE);
		if (variantTitle != null && variantTitle.length() > 200) {
			error(ProductCsv.VARIANT_TITLE, "must be at most 200 characters");
		}
		Map<String, String> options = options(optional(ProductCsv.OPTIONS));
		Long price = price();
		String rowCurrency = optional(ProductCsv.CURRENCY);
		if (rowCurrency != null && !rowCurrency.isEmpty() && !rowCurrency.equals(currency)) {
			error(ProductCsv.CURRENCY, "must be the shop currency " + currency + " (or empty)");
		}
		return new ProductCsvReader.Row(row, slug, title == null ? null : title.strip(), description, status,
				categories, sku, variantTitle, options, price, stock(), version());
	}

	private String slug() {
		String slug = optional(ProductCsv.SLUG);
		if (slug.isEmpty()) {
			error(ProductCsv.SLUG, "must not be empty");
		}
		else if (slug.length() > 120 || !SLUG.matcher(slug).matches()) {
			error(ProductCsv.SLUG, "must be lower-case words joined by '-'");
		}
		return slug;
	}

	private String title() {
		String title = optional(ProductCsv.TITLE);
		if (title != null && title.isBlank()) {
			error(ProductCsv.TITLE, "must not be blank");
		}
		else if (title != null && title.length() > 200) {
			error(ProductCsv.TITLE, "must be at most 200 characters");
		}
		return title;
	}

	private List<String> categories(String cell) {
		if (cell == null) {
			return null;
		}
		if (cell.isEmpty()) {
			return List.of();
		}
		Set<String> slugs = new LinkedHashSet<>();
		for (String slug : cell.split("\\|", -1)) {
			if (slug.length() > 100 || !SLUG.matcher(slug).matches()) {
				error(ProductCsv.CATEGORIES, "must be category slugs (lower-case words joined by '-') separated "
						+ "by '|'; '" + ProductCsv.abbreviate(slug) + "' is not one");
				return List.of();
			}
			slugs.add(slug);
		}
		if (slugs.size() > 20) {
			error(ProductCsv.CATEGORIES, "must be at most 20 categories");
		}
		return List.copyOf(slugs);
	}

	private Map<String, String> options(String cell) {
		if (cell == null) {
			return null;
		}
		Map<String, String> options;
		try {
			options = ProductCsv.parseOptions(cell);
		}
		catch (ProductCsv.BadOptions e) {
			error(ProductCsv.OPTIONS, e.getMessage());
			return Map.of();
		}
		if (options.size() > 10) {
			error(ProductCsv.OPTIONS, "must be at most 10 options");
		}
		for (Map.Entry<String, String> option : options.entrySet()) {
			if (option.getKey().isBlank() || option.getKey().length() > 50) {
				error(ProductCsv.OPTIONS, "option names must be 1 to 50 characters, not blank");
			}
			if (option.getValue().length() > 100) {
				error(ProductCsv.OPTIONS, "option values must be at most 100 characters");
			}
		}
		return options;
	}

	private Long price() {
		String amount = optional(ProductCsv.PRICE);
		if (amount != null && !AMOUNT.matcher(amount).matches()) {
			error(ProductCsv.PRICE, "must be a whole number of minor units (cents), 0 or more, such as 1999");
			return null;
		}
		if (amount == null) {
			return null;
		}
		long price = Long.parseLong(amount);
		if (price > 1_000_000_000_000L) {
			error(ProductCsv.PRICE, "must be at most 1000000000000");
		}
		return price;
	}

	private Integer stock() {
		String units = optional(ProductCsv.STOCK);
		if (units == null || units.isEmpty()) {
			return null;
		}
		if (!STOCK.matcher(units).matches() || Integer.parseInt(units) > 1_000_000) {
			error(ProductCsv.STOCK, "must be a whole number from 0 to 1000000");
			return null;
		}
		return Integer.parseInt(units);
	}

	private Instant version() {
		String written = optional(ProductCsv.VERSION);
		if (written == null || written.isEmpty()) {
			return null;
		}
		try {
			return Instant.parse(written);
		}
		catch (DateTimeParseException e) {
			error(ProductCsv.VERSION, "must be the version the export wrote, such as 2026-12-01T08:51:30.494898Z");
			return null;
		}
	}

	/** The cell of a column the file may leave out: {@code null} when it does. */
	private String optional(String column) {
		Integer index = columns.get(column);
		return index == null ? null : ProductCsv.unguard(record.get(index));
	}

	private void error(String field, String message) {
		errors.add(row, field, message);
	}

}

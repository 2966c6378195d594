package io.bodega.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * Reads an import file into rows and checks everything that needs no database: the file
 * is UTF-8 CSV with a known header, every cell follows the rules of the JSON product API,
 * a SKU appears once, and the rows of one product agree on its columns. Every error is
 * collected (none stops the others) and thrown together; see {@link ImportErrors}.
 */
final class ProductCsvReader {

	private static final Pattern SLUG = Pattern.compile(Slugs.PATTERN);

	private static final Pattern SKU = Pattern.compile(AdminProductController.SKU);

	private static final Pattern STATUS = Pattern.compile(AdminProductController.STATUS);

	private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,13}");

	private static final Pattern STOCK = Pattern.compile("[0-9]{1,7}");

	private static final String CSV = "csv";

	/**
	 * One variant row. A product or variant column the file leaves out is {@code null}:
	 * the import keeps the current value of an existing product or variant, and a new one
	 * takes the JSON API's default.
	 */
	record Row(int row, String slug, String title, String description, String status, List<String> categories,
			String sku, String variantTitle, Map<String, String> options, Long price, Integer stock, Instant version) {

		/**
		 * The product's own columns, which every row of one product must repeat alike.
		 */
		List<Object> productColumns() {
			return Arrays.asList(title, description, status, categories == null ? null : new TreeSet<>(categories),
					version);
		}
	}

	private final String currency;

	private final int maxRows;

	private final ImportErrors errors = new ImportErrors();

	private ProductCsvReader(String currency, int maxRows) {
		this.currency = currency;
		this.maxRows = maxRows;
	}

	/**
	 * The file's rows without errors, in order, and the errors of the others. A file that
	 * cannot be read as rows (not UTF-8, a quote never closed, a bad header, too many
	 * columns) throws {@link ProductCsv.Rejected} at once, and one of more than
	 * {@code maxRows} rows {@link ProductCsv.TooManyRows}.
	 */
	record Parsed(List<Row> rows, ImportErrors errors) {
	}

	/**
	 * Reads the body as it arrives: only the rows without errors are kept (at most
	 * {@code maxRows}), and the errors stay few however many rows have them. An
	 * {@link IOException} of the body itself (such as its size limit) is thrown as it is.
	 */
	static Parsed read(InputStream body, String currency, int maxRows) throws IOException {
		return new ProductCsvReader(currency, maxRows).read(new ProductCsvInput(body));
	}

	private Parsed read(ProductCsvInput text) throws IOException {
		List<Row> rows = new ArrayList<>();
		try (CSVParser parser = CSVParser.builder().setReader(text).setFormat(ProductCsv.FORMAT).get()) {
			var records = parser.iterator();
			CSVRecord first = next(records, parser);
			if (first == null) {
				throw new ProductCsv.Rejected(1, CSV, "the file is empty: the first row names the columns");
			}
			Map<String, Integer> columns = ProductCsvHeader.columns(first, errors);
			int count = 0;
			for (CSVRecord record = next(records, parser); record != null; record = next(records, parser)) {
				int row = (int) record.getRecordNumber();
				if (record.stream().allMatch(String::isEmpty)) {
					continue;
				}
				if (++count > maxRows) {
					throw new ProductCsv.TooManyRows(maxRows);
				}
				if (record.size() != columns.size()) {
					error(row, CSV, "has " + record.size() + " values; the header has " + columns.size() + " columns");
					continue;
				}
				long before = errors.count();
				Row parsed = row(row, record, columns);
				if (errors.count() == before) {
					rows.add(parsed);
				}
			}
		}
		if (rows.isEmpty() && errors.isEmpty()) {
			error(2, CSV, "the file has a header but no rows");
		}
		checkAcrossRows(rows);
		return new Parsed(rows, errors);
	}

	/**
	 * The next record, or {@code null} at the end. Commons CSV reports a row it cannot
	 * read as an unchecked failure of the iterator; the row it was reading is the one
	 * after the last it finished. Its message tells a quote that is never closed from one
	 * followed by more characters ({@code "a"x}). A failure to read the body is no fault
	 * of the file's CSV, and is thrown as it is.
	 */
	private static CSVRecord next(Iterator<CSVRecord> records, CSVParser parser) throws IOException {
		try {
			return records.hasNext() ? records.next() : null;
		}
		catch (UncheckedIOException | IllegalStateException e) {
			if (e.getCause() instanceof IOException io && !(io instanceof CSVException)) {
				throw io;
			}
			boolean unclosed = false;
			for (Throwable t = e; t != null; t = t.getCause()) {
				unclosed |= String.valueOf(t.getMessage()).contains("EOF reached before encapsulated token finished");
			}
			throw new ProductCsv.Rejected((int) parser.getRecordNumber() + 1, CSV, unclosed
					? "a quoted value is not closed (a \" opens it and a \" must end it; write \"\" for a quote inside)"
					: "a quoted value is followed by more characters before the next comma or line end (quote the whole "
							+ "value, and write \"\" for a quote inside)");
		}
	}

	private Row row(int row, CSVRecord record, Map<String, Integer> columns) {
		Cells cells = new Cells(row, record, columns);
		String slug = cells.optional(ProductCsv.SLUG);
		if (slug.isEmpty()) {
			error(row, ProductCsv.SLUG, "must not be empty");
		}
		else if (slug.length() > 120 || !SLUG.matcher(slug).matches()) {
			error(row, ProductCsv.SLUG, "must be lower-case words joined by '-'");
		}
		String title = cells.optional(ProductCsv.TITLE);
		if (title != null && title.isBlank()) {
			error(row, ProductCsv.TITLE, "must not be blank");
		}
		else if (title != null && title.length() > 200) {
			error(row, ProductCsv.TITLE, "must be at most 200 characters");
		}
		String description = cells.optional(ProductCsv.DESCRIPTION);
		if (description != null && description.length() > 20_000) {
			error(row, ProductCsv.DESCRIPTION, "must be at most 20000 characters");
		}
		String status = cells.optional(ProductCsv.STATUS);
		if (status != null && !STATUS.matcher(status).matches()) {
			error(row, ProductCsv.STATUS, "must be draft, active or archived");
		}
		List<String> categories = categories(row, cells.optional(ProductCsv.CATEGORIES));
		String sku = cells.optional(ProductCsv.SKU);
		if (!SKU.matcher(sku).matches()) {
			error(row, ProductCsv.SKU, "must be 1 to 64 letters, digits, '.', '_' or '-'");
		}
		String variantTitle = cells.optional(ProductCsv.VARIANT_TITLE);
		if (variantTitle != null && variantTitle.length() > 200) {
			error(row, ProductCsv.VARIANT_TITLE, "must be at most 200 characters");
		}
		Map<String, String> options = options(row, cells.optional(ProductCsv.OPTIONS));
		Long price = null;
		String amount = cells.optional(ProductCsv.PRICE);
		if (amount != null && !AMOUNT.matcher(amount).matches()) {
			error(row, ProductCsv.PRICE, "must be a whole number of minor units (cents), 0 or more, such as 1999");
		}
		else if (amount != null) {
			price = Long.parseLong(amount);
			if (price > 1_000_000_000_000L) {
				error(row, ProductCsv.PRICE, "must be at most 1000000000000");
			}
		}
		String rowCurrency = cells.optional(ProductCsv.CURRENCY);
		if (rowCurrency != null && !rowCurrency.isEmpty() && !rowCurrency.equals(currency)) {
			error(row, ProductCsv.CURRENCY, "must be the shop currency " + currency + " (or empty)");
		}
		Integer stock = null;
		String units = cells.optional(ProductCsv.STOCK);
		if (units != null && !units.isEmpty()) {
			if (!STOCK.matcher(units).matches() || Integer.parseInt(units) > 1_000_000) {
				error(row, ProductCsv.STOCK, "must be a whole number from 0 to 1000000");
			}
			else {
				stock = Integer.parseInt(units);
			}
		}
		Instant version = null;
		String written = cells.optional(ProductCsv.VERSION);
		if (written != null && !written.isEmpty()) {
			try {
				version = Instant.parse(written);
			}
			catch (DateTimeParseException e) {
				error(row, ProductCsv.VERSION,
						"must be the version the export wrote, such as 2026-12-01T08:51:30.494898Z");
			}
		}
		return new Row(row, slug, title == null ? null : title.strip(), description, status, categories, sku,
				variantTitle, options, price, stock, version);
	}

	private List<String> categories(int row, String cell) {
		if (cell == null) {
			return null;
		}
		if (cell.isEmpty()) {
			return List.of();
		}
		Set<String> slugs = new LinkedHashSet<>();
		for (String slug : cell.split("\\|", -1)) {
			if (slug.length() > 100 || !SLUG.matcher(slug).matches()) {
				error(row, ProductCsv.CATEGORIES, "must be category slugs (lower-case words joined by '-') separated "
						+ "by '|'; '" + abbreviate(slug) + "' is not one");
				return List.of();
			}
			slugs.add(slug);
		}
		if (slugs.size() > 20) {
			error(row, ProductCsv.CATEGORIES, "must be at most 20 categories");
		}
		return List.copyOf(slugs);
	}

	private Map<String, String> options(int row, String cell) {
		if (cell == null) {
			return null;
		}
		Map<String, String> options;
		try {
			options = ProductCsv.parseOptions(cell);
		}
		catch (ProductCsv.BadOptions e) {
			error(row, ProductCsv.OPTIONS, e.getMessage());
			return Map.of();
		}
		if (options.size() > 10) {
			error(row, ProductCsv.OPTIONS, "must be at most 10 options");
		}
		for (Map.Entry<String, String> option : options.entrySet()) {
			if (option.getKey().isBlank() || option.getKey().length() > 50) {
				error(row, ProductCsv.OPTIONS, "option names must be 1 to 50 characters, not blank");
			}
			if (option.getValue().length() > 100) {
				error(row, ProductCsv.OPTIONS, "option values must be at most 100 characters");
			}
		}
		return options;
	}

	/**
	 * What the file says across rows: a SKU once, and one product's columns alike on all
	 * its rows.
	 */
	private void checkAcrossRows(List<Row> rows) {
		Map<String, Integer> skus = new HashMap<>();
		Map<String, Row> firstOfProduct = new HashMap<>();
		Set<String> reported = new HashSet<>();
		for (Row row : rows) {
			Integer earlier = skus.putIfAbsent(row.sku(), row.row());
			if (earlier != null) {
				error(row.row(), ProductCsv.SKU, "SKU " + row.sku() + " is on row " + earlier + " too");
			}
			Row first = firstOfProduct.putIfAbsent(row.slug(), row);
			if (first != null && !first.productColumns().equals(row.productColumns()) && reported.add(row.slug())) {
				List<Object> a = first.productColumns();
				List<Object> b = row.productColumns();
				String[] names = { ProductCsv.TITLE, ProductCsv.DESCRIPTION, ProductCsv.STATUS, ProductCsv.CATEGORIES };
				for (int i = 0; i < names.length; i++) {
					if (!Objects.equals(a.get(i), b.get(i))) {
						error(row.row(), names[i], "differs from row " + first.row() + " of the same product ("
								+ row.slug() + "): a product's columns must be the same on all its rows");
					}
				}
			}
		}
	}

	private void error(int row, String field, String message) {
		errors.add(row, field, message);
	}

	static String abbreviate(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

	/** The cells of one row by column name, with the export's formula guard taken off. */
	private record Cells(int row, CSVRecord record, Map<String, Integer> columns) {

		/** The cell of a column the file may leave out: {@code null} when it does. */
		String optional(String column) {
			Integer index = columns.get(column);
			return index == null ? null : ProductCsv.unguard(record.get(index));
		}
	}

}

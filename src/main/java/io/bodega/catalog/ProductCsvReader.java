package io.bodega.catalog;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import io.bodega.catalog.ProductCsv.RowError;

/**
 * Reads an import file into rows and checks everything that needs no database: the file is UTF-8 CSV with a known
 * header, every cell follows the rules of the JSON product API, a SKU appears once, and the rows of one product agree
 * on its columns. Every error is collected (none stops the others) and thrown together.
 */
final class ProductCsvReader {

	private static final Pattern SLUG = Pattern.compile(Slugs.PATTERN);
	private static final Pattern SKU = Pattern.compile(AdminProductController.SKU);
	private static final Pattern STATUS = Pattern.compile(AdminProductController.STATUS);
	private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,13}");
	private static final Pattern STOCK = Pattern.compile("[0-9]{1,7}");
	private static final String CSV = "csv";

	/**
	 * One variant row. A product or variant column the file leaves out is {@code null}: the import keeps the current
	 * value of an existing product or variant, and a new one takes the JSON API's default.
	 */
	record Row(int row, String slug, String title, String description, String status, List<String> categories,
			String sku, String variantTitle, Map<String, String> options, Long price, Integer stock,
			java.time.Instant version) {

		/** The product's own columns, which every row of one product must repeat alike. */
		List<Object> productColumns() {
			return java.util.Arrays.asList(title, description, status,
					categories == null ? null : new java.util.TreeSet<>(categories), version);
		}
	}

	private final String currency;
	private final List<RowError> errors = new ArrayList<>();

	private ProductCsvReader(String currency) {
		this.currency = currency;
	}

	/**
	 * The file's rows without errors, in order, and the errors of the others. A file that cannot be read as rows (not
	 * UTF-8, a quote never closed, a bad header) throws {@link ProductCsv.Rejected} at once.
	 */
	record Parsed(List<Row> rows, List<RowError> errors) {
	}

	static Parsed read(byte[] body, String currency) {
		return new ProductCsvReader(currency).read(body);
	}

	private Parsed read(byte[] body) {
		String text = decode(body);
		List<Row> rows = new ArrayList<>();
		try (CSVParser parser = CSVParser.builder().setReader(new StringReader(text)).setFormat(ProductCsv.FORMAT).get()) {
			var records = parser.iterator();
			CSVRecord first = next(records, parser);
			if (first == null) {
				throw new ProductCsv.Rejected(1, CSV, "the file is empty: the first row names the columns");
			}
			Map<String, Integer> columns = header(first);
			for (CSVRecord record = next(records, parser); record != null; record = next(records, parser)) {
				int row = (int) record.getRecordNumber();
				if (record.stream().allMatch(String::isEmpty)) {
					continue;
				}
				if (record.size() != columns.size()) {
					error(row, CSV, "has " + record.size() + " values; the header has " + columns.size() + " columns");
					continue;
				}
				int before = errors.size();
				Row parsed = row(row, record, columns);
				if (errors.size() == before) {
					rows.add(parsed);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		if (rows.isEmpty() && errors.isEmpty()) {
			error(2, CSV, "the file has a header but no rows");
		}
		checkAcrossRows(rows);
		return new Parsed(rows, List.copyOf(errors));
	}

	/**
	 * The next record, or {@code null} at the end. Commons CSV reports a row it cannot read as an unchecked failure of
	 * the iterator; the row it was reading is the one after the last it finished. Its message tells a quote that is
	 * never closed from one followed by more characters ({@code "a"x}).
	 */
	private static CSVRecord next(java.util.Iterator<CSVRecord> records, CSVParser parser) {
		try {
			return records.hasNext() ? records.next() : null;
		}
		catch (UncheckedIOException | IllegalStateException e) {
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

	/** UTF-8 without a byte order mark (one at the start is skipped, as spreadsheets write it). */
	private static String decode(byte[] body) {
		int start = body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF
				? 3 : 0;
		ByteBuffer in = ByteBuffer.wrap(body, start, body.length - start);
		CharBuffer out = CharBuffer.allocate(body.length);
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isError()) {
			int offset = in.position();
			int line = 1;
			for (int i = start; i < offset; i++) {
				if (body[i] == '\n') {
					line++;
				}
			}
			throw new ProductCsv.Rejected(line, CSV, "byte " + offset + " (line " + line + ") is not UTF-8: save the "
					+ "file as CSV UTF-8");
		}
		decoder.flush(out);
		return out.flip().toString();
	}

	private Map<String, Integer> header(CSVRecord header) {
		Map<String, Integer> columns = new HashMap<>();
		for (int i = 0; i < header.size(); i++) {
			String name = header.get(i).strip();
			if (!ProductCsv.IMPORTED.contains(name)) {
				error(1, name.isEmpty() ? CSV : name, "is not a column of the product CSV; the columns are "
						+ String.join(", ", ProductCsv.IMPORTED));
			}
			else if (columns.putIfAbsent(name, i) != null) {
				error(1, name, "is a column twice");
			}
		}
		for (String required : List.of(ProductCsv.SLUG, ProductCsv.SKU)) {
			if (!columns.containsKey(required)) {
				error(1, required, "column is missing: every row names its product by slug and its variant by sku");
			}
		}
		if (!errors.isEmpty()) {
			throw new ProductCsv.Rejected(errors);
		}
		return columns;
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
		java.time.Instant version = null;
		String written = cells.optional(ProductCsv.VERSION);
		if (written != null && !written.isEmpty()) {
			try {
				version = java.time.Instant.parse(written);
			}
			catch (java.time.format.DateTimeParseException e) {
				error(row, ProductCsv.VERSION, "must be the version the export wrote, such as 2026-12-01T08:51:30.494898Z");
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

	/** What the file says across rows: a SKU once, and one product's columns alike on all its rows. */
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
				String[] names = {ProductCsv.TITLE, ProductCsv.DESCRIPTION, ProductCsv.STATUS, ProductCsv.CATEGORIES};
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
		errors.add(new RowError(row, field, message));
	}

	private static String abbreviate(String text) {
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

package io.bodega.catalog.csv;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * Reads an import file into rows and checks everything that needs no database: the file
 * is UTF-8 CSV with a known header, every cell follows the rules of the JSON product API,
 * a SKU appears once, and the rows of one product agree on its columns. Every error is
 * collected (none stops the others) and thrown together; see {@link ImportErrors}.
 */
public final class ProductCsvReader {

	private static final String CSV = "csv";

	/**
	 * One variant row. A product or variant column the file leaves out is {@code null}:
	 * the import keeps the current value of an existing product or variant, and a new one
	 * takes the JSON API's default.
	 */
	public record Row(int row, String slug, String title, String description, String status, List<String> categories,
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
	public record Parsed(List<Row> rows, ImportErrors errors) {
	}

	/**
	 * Reads the body as it arrives: only the rows without errors are kept (at most
	 * {@code maxRows}), and the errors stay few however many rows have them. An
	 * {@link IOException} of the body itself (such as its size limit) is thrown as it is.
	 */
	public static Parsed read(InputStream body, String currency, int maxRows) throws IOException {
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
				Row parsed = new ProductCsvCells(row, record, columns, errors).read(currency);
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

}

package io.bodega.catalog.csv;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.apache.commons.csv.CSVFormat;

import io.bodega.shared.DomainException;
import java.util.stream.Stream;

/**
 * The product CSV of the admin's export and import: one row per variant, the product's
 * columns repeated on each of its rows, RFC 4180 quoting, UTF-8. Every value round-trips
 * exactly, which takes two encodings of its own:
 * <ul>
 * <li>{@code options} is {@code name=value} pairs joined by {@code ;}, where a backslash
 * escapes {@code \}, {@code =} and {@code ;} inside names and values ({@code categories}
 * needs none: slugs cannot hold {@code |});</li>
 * <li>a cell that a spreadsheet would run as a formula (it starts with {@code = + - @}, a
 * tab or a carriage return, after any apostrophes) is written with one more apostrophe in
 * front, which spreadsheets show as a text marker and the import takes off again. A cell
 * nobody guarded (a hand-written {@code 'Tis}) keeps its apostrophe.</li>
 * </ul>
 */
public final class ProductCsv {

	static final String SLUG = "slug";
	static final String TITLE = "title";
	static final String DESCRIPTION = "description";
	static final String STATUS = "status";
	static final String CATEGORIES = "categories";
	static final String SKU = "sku";
	static final String VARIANT_TITLE = "variantTitle";
	static final String OPTIONS = "options";
	static final String PRICE = "price";
	static final String CURRENCY = "currency";
	static final String STOCK = "stock";
	static final String VERSION = "version";

	/** The import also takes {@link #STOCK}. */
	/**
	 * What the export writes, in this order. {@code version} is when the product was last
	 * changed (any of its fields, variants or images; not its stock): an import refuses
	 * the rows of a product changed since, instead of writing the file's older values
	 * over that change.
	 */
	static final List<String> EXPORTED = List.of(SLUG, TITLE, DESCRIPTION, STATUS, CATEGORIES, SKU, VARIANT_TITLE,
			OPTIONS, PRICE, CURRENCY, VERSION);

	static final List<String> IMPORTED = Stream.concat(EXPORTED.stream(), Stream.of(STOCK)).toList();

	/**
	 * RFC 4180 with CRLF row ends (what spreadsheets write); reading takes LF too. Empty
	 * lines are kept as rows.
	 */
	static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();

	static final char CATEGORY_SEPARATOR = '|';

	private ProductCsv() {
	}

	/**
	 * One bad cell (or row, or the file) of an import: {@code row} is the row a
	 * spreadsheet shows, the header is 1; {@code lastRow}, when set, is the last of the
	 * rows one after another that have the same error.
	 */
	record RowError(int row, @JsonInclude(JsonInclude.Include.NON_NULL) Integer lastRow, String field, String message) {

		RowError(int row, String field, String message) {
			this(row, null, field, message);
		}
	}

	/**
	 * An import with bad rows: 400 {@code validation_failed}, every error named or
	 * counted; nothing was written.
	 */
	public static final class Rejected extends DomainException {

		private final List<RowError> errors;

		public Rejected(ImportErrors errors) {
			super(Kind.INVALID, "validation_failed", errors.describe());
			this.errors = errors.listed();
		}

		Rejected(int row, String field, String message) {
			this(one(row, field, message));
		}

		private static ImportErrors one(int row, String field, String message) {
			ImportErrors errors = new ImportErrors();
			errors.add(row, field, message);
			return errors;
		}

		@Override
		public Map<String, Object> properties() {
			return Map.of("errors", errors);
		}

	}

	/**
	 * A file of more rows than an import takes: 413 {@code payload_too_large}, nothing
	 * was written.
	 */
	static final class TooManyRows extends DomainException {

		TooManyRows(int maxRows) {
			super(Kind.TOO_LARGE, "payload_too_large",
					"The CSV has more than " + maxRows + " rows, the most one import "
							+ "takes (BODEGA_IMPORT_MAX_ROWS): import it in parts. Nothing was changed");
		}

	}

	/**
	 * Whether a spreadsheet would run this cell: it starts with a formula sign after any
	 * apostrophes.
	 */
	private static boolean looksLikeFormula(String value, int from) {
		int i = from;
		while (i < value.length() && value.charAt(i) == '\'') {
			i++;
		}
		if (i >= value.length()) {
			return false;
		}
		char c = value.charAt(i);
		return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
	}

	/**
	 * A cell as the export writes it: an apostrophe in front of anything a spreadsheet
	 * would run.
	 */
	static String guard(String value) {
		return looksLikeFormula(value, 0) ? "'" + value : value;
	}

	/** The value of a cell the export guarded; any other cell as it is. */
	static String unguard(String cell) {
		return cell.startsWith("'") && looksLikeFormula(cell, 1) ? cell.substring(1) : cell;
	}

	static String categories(List<String> slugs) {
		return String.join(String.valueOf(CATEGORY_SEPARATOR), slugs);
	}

	static String options(Map<String, String> options) {
		StringBuilder cell = new StringBuilder();
		options.forEach((name, value) -> {
			if (!cell.isEmpty()) {
				cell.append(';');
			}
			escape(name, cell);
			cell.append('=');
			escape(value, cell);
		});
		return cell.toString();
	}

	private static void escape(String text, StringBuilder out) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '\\' || c == '=' || c == ';') {
				out.append('\\');
			}
			out.append(c);
		}
	}

	/** Thrown by {@link #parseOptions} with the reason, for the row's error. */
	static final class BadOptions extends RuntimeException {

		BadOptions(String message) {
			super(message, null, false, false);
		}

	}

	/**
	 * Reads {@code name=value;name=value}. Empty pairs (a trailing {@code ;}) are
	 * skipped; a pair without {@code =}, a name given twice and a backslash before
	 * anything but {@code \ = ;} are refused.
	 */
	static Map<String, String> parseOptions(String cell) {
		Map<String, String> options = new LinkedHashMap<>();
		List<String> pair = new ArrayList<>();
		StringBuilder part = new StringBuilder();
		for (int i = 0; i <= cell.length(); i++) {
			char c = i < cell.length() ? cell.charAt(i) : ';';
			if (c == '\\') {
				if (i + 1 >= cell.length() || "\\=;".indexOf(cell.charAt(i + 1)) < 0) {
					throw new BadOptions("a backslash may only escape \\, = or ; (write \\\\ for a backslash)");
				}
				part.append(cell.charAt(++i));
			}
			else if (c == '=' && pair.isEmpty()) {
				pair.add(part.toString());
				part.setLength(0);
			}
			else if (c == '=') {
				throw new BadOptions("an option has a second unescaped '=' (write \\= inside a value)");
			}
			else if (c == ';') {
				if (pair.isEmpty() && !part.isEmpty()) {
					throw new BadOptions("each option is name=value, separated by ';'");
				}
				if (!pair.isEmpty()) {
					String name = pair.getFirst();
					if (options.put(name, part.toString()) != null) {
						throw new BadOptions("names the option '" + name + "' twice");
					}
				}
				pair.clear();
				part.setLength(0);
			}
			else {
				part.append(c);
			}
		}
		return options;
	}

	/** A cell or header quoted in a message, cut short when long. */
	static String abbreviate(String text) {
		return text.length() > 40 ? text.substring(0, 40) + "…" : text;
	}

}

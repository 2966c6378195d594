package io.bodega.catalog.csv;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bodega.catalog.csv.ProductCsv.RowError;

/**
 * The errors of one import, kept small however bad the file: an error of the same column
 * and message as one on the row before extends that entry into a row range (500 rows with
 * the same bad price are one entry, rows 3 to 502), and past {@link #MAX_LISTED} entries
 * the rest are only counted. So a file of a million bad rows costs no more memory, and no
 * larger an answer, than one of a few hundred.
 */
public final class ImportErrors {

	static final int MAX_LISTED = 200;

	/**
	 * One entry: an error on {@code row}, or on every row from {@code row} to
	 * {@code lastRow}.
	 */
	private static final class Entry {

		final int row;

		final String field;

		final String message;

		int lastRow;

		Entry(int row, String field, String message) {
			this.row = row;
			this.field = field;
			this.message = message;
			this.lastRow = row;
		}

	}

	private final List<Entry> listed = new ArrayList<>();

	private final Map<String, Entry> latest = new HashMap<>();

	private final BitSet rows = new BitSet();

	private long count;

	private long unlisted;

	void add(int row, String field, String message) {
		count++;
		rows.set(row);
		String key = field + '\n' + message;
		Entry entry = latest.get(key);
		if (entry != null && (entry.lastRow == row - 1 || entry.lastRow == row)) {
			entry.lastRow = row;
			return;
		}
		if (listed.size() >= MAX_LISTED) {
			unlisted++;
			return;
		}
		Entry added = new Entry(row, field, message);
		listed.add(added);
		latest.put(key, added);
	}

	public boolean isEmpty() {
		return count == 0;
	}

	long count() {
		return count;
	}

	/** The listed entries by row; a range has {@code lastRow}, a single row has none. */
	List<RowError> listed() {
		return listed.stream()
			.sorted(Comparator.comparingInt((Entry e) -> e.row))
			.map(e -> new RowError(e.row, e.lastRow == e.row ? null : e.lastRow, e.field, e.message))
			.toList();
	}

	/**
	 * What the problem's detail says: how many errors in how many rows, and how many are
	 * not listed.
	 */
	String describe() {
		long errorRows = rows.cardinality();
		String text = "The CSV was not imported: " + count + (count == 1 ? " error" : " errors") + " in " + errorRows
				+ (errorRows == 1 ? " row" : " rows");
		if (unlisted > 0) {
			text += "; " + MAX_LISTED + " are listed (rows one after another with the same error as one range), "
					+ unlisted + " more are not";
		}
		return text + ". Nothing was changed";
	}

}

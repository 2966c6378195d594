package io.bodega.shared.db;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Deletes the rows of a table that match a condition a batch per statement, so that no
 * statement of a clean-up job outgrows the statement bound
 * ({@code BODEGA_DB_STATEMENT_TIMEOUT}) however far behind it is, and none holds many
 * locks for long. Safe on every node at once: rows another node is deleting are skipped.
 */
public final class Purges {

	/** Rows per statement: thousands of small rows take milliseconds. */
	static final int BATCH = 5_000;

	private Purges() {
	}

	/**
	 * Deletes every row of {@code table} (trusted code's table name, never input)
	 * matching {@code condition} (trusted SQL with {@code ?} placeholders for
	 * {@code params}); answers how many this call deleted.
	 */
	public static int delete(JdbcClient jdbc, String table, String condition, Object... params) {
		Object[] all = new Object[params.length + 1];
		System.arraycopy(params, 0, all, 0, params.length);
		all[params.length] = BATCH;
		int total = 0;
		int deleted;
		do {
			deleted = jdbc
				.sql("delete from " + table + " where ctid = any(array(select ctid from " + table + " where ("
						+ condition + ") limit ? for update skip locked))")
				.params(all)
				.update();
			total += deleted;
		}
		while (deleted == BATCH);
		return total;
	}

}

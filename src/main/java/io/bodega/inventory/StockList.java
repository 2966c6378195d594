package io.bodega.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The stock of every SKU for the staff's stock screen: by SKU without regard to case
 * (then by the SKU itself), in byte order, optionally those starting with a prefix (any
 * case) or with fewer than some units available. Read along the index on
 * {@code lower(sku)}: a prefix is a range of it. Only the conditions given are in the
 * statement, as each combination then keeps a generic plan that fits it.
 */
@Component
class StockList {

	/**
	 * Above every character a SKU may hold: a prefix's range ends just below
	 * {@code prefix + CEILING}.
	 */
	private static final String CEILING = "\u007f";

	private final JdbcClient jdbc;

	private final Cursors cursors;

	StockList(JdbcClient jdbc, Cursors cursors) {
		this.jdbc = jdbc;
		this.cursors = cursors;
	}

	/** {@code prefix} holds only characters a SKU may hold; {@code below} may be null. */
	ListPage<StockLevel> page(String prefix, Long below, int limit, String cursor) {
		String kind = "stock:" + (prefix == null ? "" : prefix.toLowerCase(Locale.ROOT)) + ":"
				+ (below == null ? "" : below);
		List<String> conditions = new ArrayList<>();
		Map<String, Object> params = new LinkedHashMap<>();
		if (prefix != null) {
			conditions.add("lower(sku) collate \"C\" >= :low and lower(sku) collate \"C\" < :high");
			params.put("low", prefix.toLowerCase(Locale.ROOT));
			params.put("high", prefix.toLowerCase(Locale.ROOT) + CEILING);
		}
		if (below != null) {
			conditions.add("on_hand - reserved < :below");
			params.put("below", below);
		}
		if (cursor != null) {
			conditions.add("(lower(sku) collate \"C\", sku collate \"C\") > (lower(:after) collate \"C\", "
					+ ":after collate \"C\")");
			params.put("after", cursors.decode(kind, cursor).getFirst());
		}
		var statement = jdbc.sql("select sku, on_hand, reserved from stock_items"
				+ (conditions.isEmpty() ? "" : " where " + String.join(" and ", conditions))
				+ " order by lower(sku) collate \"C\", sku collate \"C\" limit :limit");
		params.forEach(statement::param);
		List<StockLevel> rows = statement.param("limit", limit + 1)
			.query((rs, n) -> StockLevel.of(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.list();
		return ListPage.of(rows, limit, last -> cursors.encode(kind, List.of(last.sku())));
	}

}

package io.bodega.cart;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The carts and their lines as stored: a cart's row, found or locked (changes to one cart
 * are serialised by locking its row), and its lines in the order they were added.
 */
@Component
class CartRows {

	/**
	 * A cart's row: its id, the user it is bound to (none for a guest's) and when it last
	 * changed.
	 */
	record Row(String id, @Nullable UUID userId, Instant updatedAt) {
	}

	private final JdbcClient jdbc;

	CartRows(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<Row> find(String id) {
		return jdbc.sql("select id, user_id, updated_at from carts where id = ?")
			.param(id)
			.query(CartRows::row)
			.optional();
	}

	Optional<Row> lock(String id) {
		return jdbc.sql("select id, user_id, updated_at from carts where id = ? for update")
			.param(id)
			.query(CartRows::row)
			.optional();
	}

	/** Locks the cart by touching it, so a checkout's row is the one it changes. */
	Optional<Row> touchAndLock(String id) {
		return jdbc.sql("update carts set updated_at = now() where id = ? returning id, user_id, updated_at")
			.param(id)
			.query(CartRows::row)
			.optional();
	}

	/**
	 * Mapped by hand: mapping by class asks the driver for an {@code Instant}, which it
	 * refuses with an exception (caught by Spring, and costly on every cart request).
	 */
	private static Row row(ResultSet rs, int n) throws SQLException {
		return new Row(rs.getString(1), rs.getObject(2, UUID.class), rs.getTimestamp(3).toInstant());
	}

	/** SKU to quantity, in the order the lines were added. */
	Map<String, Integer> lines(String id) {
		Map<String, Integer> lines = new LinkedHashMap<>();
		jdbc.sql("select sku, quantity from cart_lines where cart_id = ? order by added_at, sku")
			.param(id)
			.query((rs, n) -> lines.put(rs.getString(1), rs.getInt(2)))
			.list();
		return lines;
	}

	Optional<Integer> quantity(String id, String sku) {
		return jdbc.sql("select quantity from cart_lines where cart_id = ? and sku = ?")
			.params(id, sku)
			.query(Integer.class)
			.optional();
	}

	long lineCount(String id) {
		return jdbc.sql("select count(*) from cart_lines where cart_id = ?").param(id).query(Long.class).single();
	}

	void touch(String id) {
		jdbc.sql("update carts set updated_at = now() where id = ?").param(id).update();
	}

}

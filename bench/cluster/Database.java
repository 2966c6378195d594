import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the database says after a scenario, read in one REPEATABLE READ snapshot (Bodega's background jobs may be
 * moving things meanwhile). The tables are the migrations': {@code stock_items (sku, on_hand, reserved)},
 * {@code stock_movements} (the append-only ledger: {@code on_hand_delta, reserved_delta, reason, reference} where
 * {@code reference} is the order's id for the order_* reasons), {@code orders (id, email, status)},
 * {@code order_lines (order_id, sku, quantity)} and {@code idempotency_keys (caller, key)}.
 */
final class Database {

	private final Cluster cluster;

	Database(Cluster cluster) {
		this.cluster = cluster;
	}

	/** The order ids of every e-mail that starts with the tag (the load's purchases), by e-mail. */
	Map<String, List<String>> ordersByEmail(String tag) throws SQLException {
		Map<String, List<String>> orders = new HashMap<>();
		try (Connection c = cluster.connect(Cluster.DATABASE);
				PreparedStatement s = c.prepareStatement("select email, id::text from orders where email like ?")) {
			s.setString(1, tag + "-%");
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					orders.computeIfAbsent(rs.getString(1), e -> new ArrayList<>()).add(rs.getString(2));
				}
			}
		}
		return orders;
	}

	/** The ids of the log's events of a type for orders whose e-mail starts with the tag, in order. */
	List<Long> eventIds(String type, String tag) throws SQLException {
		List<Long> ids = new ArrayList<>();
		try (Connection c = cluster.connect(Cluster.DATABASE); PreparedStatement s = c.prepareStatement(
				"select id from event_log where type = ? and data->>'email' like ? order by id")) {
			s.setString(1, type);
			s.setString(2, tag + "-%");
			try (ResultSet rs = s.executeQuery()) {
				while (rs.next()) {
					ids.add(rs.getLong(1));
				}
			}
		}
		return ids;
	}

	/** How many idempotency records hold a key that starts with the tag: one per order made under such a key. */
	int idempotencyRecords(String tag) throws SQLException {
		try (Connection c = cluster.connect(Cluster.DATABASE);
				PreparedStatement s = c.prepareStatement("select count(*) from idempotency_keys where key like ?")) {
			s.setString(1, tag + "-%");
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	/** How many sessions wait for a lock held by a session of the given client ports (one node's connections). */
	int waitingFor(java.util.Set<Integer> clientPorts) throws SQLException {
		try (Connection c = cluster.connect(Cluster.DATABASE); PreparedStatement s = c.prepareStatement("""
				select count(*) from pg_stat_activity w
				where exists (select 1 from pg_stat_activity h
				              where h.pid = any(pg_blocking_pids(w.pid)) and h.client_port = any(?))""")) {
			s.setArray(1, c.createArrayOf("integer", clientPorts.toArray()));
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	int reserved(String sku) throws SQLException {
		try (Connection c = cluster.connect(Cluster.DATABASE);
				PreparedStatement s = c.prepareStatement("select reserved from stock_items where sku = ?")) {
			s.setString(1, sku);
			try (ResultSet rs = s.executeQuery()) {
				rs.next();
				return rs.getInt(1);
			}
		}
	}

	/**
	 * What is wrong with the stock, as readable lines; empty when everything adds up. "The ledger is consistent" means
	 * all three of:
	 * <ol>
	 * <li>every SKU's {@code on_hand} and {@code reserved} are the sums of its ledger lines' deltas (a SKU with no row
	 * left, removed, sums to 0 and 0);</li>
	 * <li>every SKU's {@code reserved} is the sum of the quantities of its lines in open orders
	 * ({@code pending_payment}: neither paid nor cancelled nor expired);</li>
	 * <li>every order moved each of its SKUs exactly as its status says, through ledger lines that name it: exactly one
	 * {@code order_placed} line per SKU, and net deltas of reserved +quantity while {@code pending_payment} and 0
	 * after, of on hand -quantity once the goods left ({@code paid}, {@code shipped}, {@code delivered}) and 0 otherwise
	 * (never paid, or paid and given back: {@code cancelled}, {@code refunded}); and no ledger line names an order
	 * that does not exist.</li>
	 * </ol>
	 */
	List<String> stockProblems() throws SQLException {
		List<String> problems = new ArrayList<>();
		try (Connection c = cluster.connect(Cluster.DATABASE)) {
			c.setAutoCommit(false);
			c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
			c.setReadOnly(true);
			collect(c, problems, "stock differs from its ledger", """
					select coalesce(s.sku, m.sku), coalesce(s.on_hand, 0), coalesce(s.reserved, 0),
					       coalesce(m.on_hand, 0), coalesce(m.reserved, 0)
					from stock_items s
					full join (select sku, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved
					           from stock_movements group by sku) m on m.sku = s.sku
					where (coalesce(s.on_hand, 0), coalesce(s.reserved, 0)) <> (coalesce(m.on_hand, 0), coalesce(m.reserved, 0))
					""", "sku %s: on hand %s, reserved %s; ledger says %s, %s");
			collect(c, problems, "reserved differs from open order lines", """
					select coalesce(s.sku, o.sku), coalesce(s.reserved, 0), coalesce(o.units, 0)
					from stock_items s
					full join (select l.sku, sum(l.quantity) as units from order_lines l
					           join orders o on o.id = l.order_id where o.status = 'pending_payment' group by l.sku) o
					  on o.sku = s.sku
					where coalesce(s.reserved, 0) <> coalesce(o.units, 0)
					""", "sku %s: reserved %s, open order lines %s");
			collect(c, problems, "an order's ledger lines do not match its status", """
					with expected as (
					  select o.id::text as ref, l.sku, o.status, sum(l.quantity) as quantity
					  from orders o join order_lines l on l.order_id = o.id group by o.id, l.sku, o.status),
					moved as (
					  select reference as ref, sku, sum(on_hand_delta) as on_hand, sum(reserved_delta) as reserved,
					         count(*) filter (where reason = 'order_placed') as placed
					  from stock_movements where reason like 'order\\_%' group by reference, sku)
					select coalesce(e.ref, m.ref), coalesce(e.sku, m.sku), coalesce(e.status, 'no such order'),
					       e.quantity, m.placed, m.on_hand, m.reserved
					from expected e full join moved m on m.ref = e.ref and m.sku = e.sku
					where e.ref is null or m.ref is null or m.placed <> 1
					   or m.reserved <> case when e.status = 'pending_payment' then e.quantity else 0 end
					   or m.on_hand <> case when e.status in ('paid', 'shipped', 'delivered') then -e.quantity else 0 end
					""", "order %s sku %s (%s, quantity %s): %s order_placed lines, on hand %s, reserved %s");
			c.rollback();
		}
		return problems;
	}

	private static void collect(Connection c, List<String> problems, String what, String sql, String format)
			throws SQLException {
		try (PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
			int columns = rs.getMetaData().getColumnCount();
			int found = 0;
			while (rs.next()) {
				if (++found <= 3) {
					Object[] values = new Object[columns];
					for (int i = 0; i < columns; i++) {
						values[i] = rs.getObject(i + 1);
					}
					problems.add(what + ": " + format.formatted(values));
				}
			}
			if (found > 3) {
				problems.add(what + ": " + (found - 3) + " more");
			}
		}
	}
}

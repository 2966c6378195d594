package io.bodega.inventory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.inventory.StockMovement.Reason;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory facade: which SKUs are stocked, how many units are on hand and reserved,
 * and every movement of them. Each movement is one conditional UPDATE (the database
 * refuses to go below zero or to reserve more than is on hand, whatever races) and one
 * line of the append-only ledger, in the same transaction; {@code onHand} and
 * {@code reserved} always equal what the ledger adds up to.
 */
@Service
public class Inventory {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final Cursors cursors;

	Inventory(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ApplicationEventPublisher events, AuditLog audit,
			Cursors cursors) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.events = events;
		this.audit = audit;
		this.cursors = cursors;
	}

	/** Starts keeping stock for a new SKU, in the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public StockLevel track(String sku, int onHand) {
		jdbc.sql("insert into stock_items (sku, on_hand) values (?, ?)").params(sku, onHand).update();
		record(sku, onHand, 0, Reason.INITIAL, null, null, null);
		StockLevel level = StockLevel.of(sku, onHand, 0);
		events.publishEvent(new StockChanged(List.of(level), Map.of()));
		return level;
	}

	/**
	 * Starts keeping stock for many new SKUs at once (a product import), in the caller's
	 * transaction, and announces each one's level as {@link #track} does: one
	 * {@link StockChanged} of them all.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void trackAll(Map<String, Integer> onHandBySku) {
		trackAllUnannounced(onHandBySku);
		events.publishEvent(new StockChanged(
				onHandBySku.entrySet().stream().map(e -> StockLevel.of(e.getKey(), e.getValue(), 0)).toList(),
				Map.of()));
	}

	/**
	 * Starts keeping stock for many new SKUs at once without announcing them: only for
	 * the demo catalog, loaded into an empty shop that nobody follows yet, whose
	 * thousands of SKUs would only fill the event log.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void trackAllUnannounced(Map<String, Integer> onHandBySku) {
		List<Object[]> rows = onHandBySku.entrySet()
			.stream()
			.map(e -> new Object[] { e.getKey(), e.getValue() })
			.toList();
		jdbcTemplate.batchUpdate("insert into stock_items (sku, on_hand) values (?, ?)", rows);
		jdbcTemplate.batchUpdate("insert into stock_movements (sku, on_hand_delta, reserved_delta, reason) "
				+ "values (?, ?, 0, 'initial')", rows);
	}

	/**
	 * Stops keeping stock for a SKU that is being removed; refused while units of it are
	 * reserved.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void untrack(String sku) {
		Optional<Integer> removed = jdbc.sql("delete from stock_items where sku = ? and reserved = 0 returning on_hand")
			.param(sku)
			.query(Integer.class)
			.optional();
		if (removed.isPresent()) {
			if (removed.get() != 0) {
				record(sku, -removed.get(), 0, Reason.SKU_REMOVED, null, null, null);
			}
		}
		else if (level(sku).isPresent()) {
			throw new Conflict("SKU " + sku + " has reserved units; it can be removed once they are released");
		}
	}

	public Optional<StockLevel> level(String sku) {
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ?")
			.param(sku)
			.query(Inventory::level)
			.optional();
	}

	public List<StockLevel> levels(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = any(?)")
			.param(skus.toArray(String[]::new))
			.query(Inventory::level)
			.list();
	}

	/**
	 * The SKUs with fewer than {@code below} units available, fewest first (then by SKU),
	 * at most {@code limit}. A scan of the stock table, on purpose: an index on what is
	 * available would change with every stock movement, and checkout's stock updates
	 * would lose their in-place (HOT) updates for it; the table has one small row per
	 * SKU.
	 */
	public List<StockLevel> lowStock(int below, int limit) {
		return jdbc.sql("""
				select sku, on_hand, reserved from stock_items where on_hand - reserved < :below
				order by on_hand - reserved, sku collate "C" limit :limit""")
			.param("below", below)
			.param("limit", limit)
			.query(Inventory::level)
			.list();
	}

	/**
	 * Reserves units of every SKU for an order, or none: if any SKU is short,
	 * {@link InsufficientStock} names every short one and nothing moves. Two statements
	 * however many lines: the SKUs are locked in SKU order (so concurrent orders of the
	 * same SKUs cannot deadlock), then all of them move together with their ledger lines.
	 */
	@Transactional
	public void reserve(Map<String, Integer> quantities, String reference) {
		List<InsufficientStock.Shortage> shortages = moveAll(quantities, 0, 1, Reason.ORDER_PLACED, reference, false);
		if (!shortages.isEmpty()) {
			throw new InsufficientStock(shortages);
		}
	}

	/** Releases reserved units of a cancelled or expired order. */
	@Transactional
	public void release(Map<String, Integer> quantities, Reason reason, String reference) {
		if (reason != Reason.ORDER_CANCELLED && reason != Reason.ORDER_EXPIRED) {
			throw new IllegalArgumentException("a release is for a cancelled or expired order, not " + reason);
		}
		requireFits(moveAll(quantities, 0, -1, reason, reference, false), reason);
	}

	/**
	 * A paid order's reserved units leave the shelf: on hand and reserved both go down.
	 */
	@Transactional
	public void commit(Map<String, Integer> quantities, String reference) {
		requireFits(moveAll(quantities, -1, -1, Reason.ORDER_PAID, reference, false), Reason.ORDER_PAID);
	}

	/**
	 * A refunded, or cancelled after payment, order's units come back on the shelf. A SKU
	 * removed from the catalog since has no shelf to come back to: its units are left
	 * out, so the refund or cancellation still goes through.
	 */
	@Transactional
	public void restock(Map<String, Integer> quantities, Reason reason, String reference) {
		if (reason != Reason.ORDER_REFUNDED && reason != Reason.ORDER_CANCELLED) {
			throw new IllegalArgumentException("a restock is for a refunded or cancelled order, not " + reason);
		}
		requireFits(moveAll(quantities, 1, 0, reason, reference, true), reason);
	}

	/**
	 * An admin sets the units on hand, with an optional reason for the ledger. Refused
	 * with 409 below what is reserved: those units are promised to orders.
	 */
	@Transactional
	public StockLevel setOnHand(String sku, int onHand, String reason, CurrentUser actor) {
		StockLevel before = jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ? for update")
			.param(sku)
			.query(Inventory::level)
			.optional()
			.orElseThrow(() -> new NotFound("SKU " + sku));
		if (onHand < before.reserved()) {
			throw new Conflict(
					"SKU " + sku + " has " + before.reserved() + " units reserved; onHand cannot go below that");
		}
		StockLevel after = move(sku, onHand - before.onHand(), 0, Reason.ADMIN_ADJUSTMENT, null, reason,
				actor == null ? null : actor.id())
			.orElseThrow(() -> new IllegalStateException("stock of " + sku + " changed under its lock"));
		audit.record(actor, "inventory.set", "stock", sku, before, after);
		return after;
	}

	/** The ledger of one SKU, newest first. */
	public ListPage<StockMovement> movements(String sku, int limit, String cursor) {
		long below = cursor == null ? Long.MAX_VALUE
				: Long.parseLong(cursors.decode("movements:" + sku, cursor).getFirst());
		List<StockMovement> rows = jdbc.sql("""
				select id, sku, on_hand_delta, reserved_delta, reason, reference, note, actor_id, at
				from stock_movements where sku = :sku and id < :below order by id desc limit :limit""")
			.param("sku", sku)
			.param("below", below)
			.param("limit", limit + 1)
			.query((rs, n) -> new StockMovement(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getInt(4),
					rs.getString(5), rs.getString(6), rs.getString(7), rs.getObject(8, UUID.class),
					rs.getTimestamp(9).toInstant()))
			.list();
		return ListPage.of(rows, limit, last -> cursors.encode("movements:" + sku, List.of(Long.toString(last.id()))));
	}

	/**
	 * Moves an order's stock, all lines or none: the SKUs' rows are locked in SKU order,
	 * every line is checked against its stock, and only when all fit do they move, in one
	 * statement that also writes their ledger lines. Answers the lines that do not fit
	 * (and then moves nothing). SKUs no longer stocked are short, or skipped when
	 * {@code skipUntracked}.
	 */
	private List<InsufficientStock.Shortage> moveAll(Map<String, Integer> quantities, int onHandSign, int reservedSign,
			Reason reason, String reference, boolean skipUntracked) {
		List<String> skus = new ArrayList<>(new TreeMap<>(quantities).keySet());
		Map<String, StockLevel> locked = new HashMap<>();
		jdbc.sql("select sku, on_hand, reserved from stock_items where sku = any(?) order by sku for update")
			.param(skus.toArray(String[]::new))
			.query(Inventory::level)
			.list()
			.forEach(level -> locked.put(level.sku(), level));
		List<InsufficientStock.Shortage> shortages = new ArrayList<>();
		List<Delta> deltas = new ArrayList<>();
		for (String sku : skus) {
			int quantity = quantities.get(sku);
			Delta delta = new Delta(sku, onHandSign * quantity, reservedSign * quantity);
			StockLevel level = locked.get(sku);
			if (level == null && skipUntracked) {
				continue;
			}
			if (level == null || !delta.fits(level)) {
				shortages.add(new InsufficientStock.Shortage(sku, quantity, level == null ? 0 : level.available()));
			}
			deltas.add(delta);
		}
		if (shortages.isEmpty() && !deltas.isEmpty()) {
			List<StockLevel> after = move(deltas, reason, reference, null, null);
			if (after.size() != deltas.size()) {
				throw new IllegalStateException(reason + " of " + quantities + " moved " + after + " under its locks");
			}
		}
		return shortages;
	}

	private static void requireFits(List<InsufficientStock.Shortage> shortages, Reason reason) {
		if (!shortages.isEmpty()) {
			throw new IllegalStateException(reason + " does not fit the stock: " + shortages);
		}
	}

	/** How one SKU's stock is to move. */
	private record Delta(String sku, int onHand, int reserved) {

		boolean fits(StockLevel level) {
			int onHandAfter = level.onHand() + onHand;
			int reservedAfter = level.reserved() + reserved;
			return onHandAfter >= 0 && reservedAfter >= 0 && reservedAfter <= onHandAfter;
		}
	}

	/** One SKU's move, empty when it does not fit. */
	private Optional<StockLevel> move(String sku, int onHandDelta, int reservedDelta, Reason reason, String reference,
			String note, UUID actor) {
		List<StockLevel> after = move(List.of(new Delta(sku, onHandDelta, reservedDelta)), reason, reference, note,
				actor);
		return after.stream().findFirst();
	}

	/**
	 * The one way stock moves: a conditional UPDATE that cannot take any stock below zero
	 * or reserve more than is on hand, and the ledger lines of what it moved, in one
	 * statement. Answers the new levels of the SKUs that moved (those that did not fit
	 * are absent) and announces them.
	 */
	private List<StockLevel> move(List<Delta> deltas, Reason reason, String reference, String note, UUID actor) {
		Map<String, Integer> before = new HashMap<>();
		List<StockLevel> after = jdbc.sql("""
				with delta (sku, dh, dr) as (
				  select * from unnest(cast(:skus as text[]), cast(:dh as integer[]), cast(:dr as integer[]))),
				moved as (
				  update stock_items s set on_hand = s.on_hand + d.dh, reserved = s.reserved + d.dr, updated_at = now()
				  from delta d
				  where s.sku = d.sku and s.on_hand + d.dh >= 0 and s.reserved + d.dr >= 0
				    and s.reserved + d.dr <= s.on_hand + d.dh
				  returning s.sku, s.on_hand, s.reserved, d.dh, d.dr),
				ledger as (
				  insert into stock_movements (sku, on_hand_delta, reserved_delta, reason, reference, note, actor_id)
				  select sku, dh, dr, :reason, :reference, :note, :actor from moved order by sku)
				select sku, on_hand, reserved, greatest(0, (on_hand - dh) - (reserved - dr)) as available_before
				from moved order by sku""")
			.param("skus", deltas.stream().map(Delta::sku).toArray(String[]::new))
			.param("dh", deltas.stream().map(Delta::onHand).toArray(Integer[]::new))
			.param("dr", deltas.stream().map(Delta::reserved).toArray(Integer[]::new))
			.param("reason", reason.value())
			.param("reference", reference)
			.param("note", note)
			.param("actor", actor)
			.query((rs, row) -> {
				before.put(rs.getString("sku"), rs.getInt("available_before"));
				return level(rs, row);
			})
			.list();
		if (!after.isEmpty()) {
			events.publishEvent(new StockChanged(after, before));
		}
		return after;
	}

	private void record(String sku, int onHandDelta, int reservedDelta, Reason reason, String reference, String note,
			UUID actor) {
		jdbc.sql("""
				insert into stock_movements (sku, on_hand_delta, reserved_delta, reason, reference, note, actor_id)
				values (:sku, :dh, :dr, :reason, :reference, :note, :actor)""")
			.param("sku", sku)
			.param("dh", onHandDelta)
			.param("dr", reservedDelta)
			.param("reason", reason.value())
			.param("reference", reference)
			.param("note", note)
			.param("actor", actor)
			.update();
	}

	private static StockLevel level(ResultSet rs, int row) throws SQLException {
		return StockLevel.of(rs.getString("sku"), rs.getInt("on_hand"), rs.getInt("reserved"));
	}

}

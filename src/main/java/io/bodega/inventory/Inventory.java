package io.bodega.inventory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.bodega.audit.AuditLog;
import io.bodega.inventory.StockMovement.Reason;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The inventory facade: which SKUs are stocked, how many units are on hand and reserved,
 * and the moves orders make of them. Each movement is one conditional UPDATE (the
 * database refuses to go below zero or to reserve more than is on hand, whatever races)
 * and one line of the append-only ledger, in the same transaction ({@link StockMoves},
 * {@link StockLedger}); {@code onHand} and {@code reserved} always equal what the ledger
 * adds up to.
 */
@Service
public class Inventory {

	private final JdbcClient jdbc;

	private final JdbcTemplate jdbcTemplate;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	private final StockMoves moves;

	private final StockLedger ledger;

	Inventory(JdbcClient jdbc, JdbcTemplate jdbcTemplate, ApplicationEventPublisher events, AuditLog audit,
			StockMoves moves, StockLedger ledger) {
		this.jdbc = jdbc;
		this.jdbcTemplate = jdbcTemplate;
		this.events = events;
		this.audit = audit;
		this.moves = moves;
		this.ledger = ledger;
	}

	/** Starts keeping stock for a new SKU, in the caller's transaction. */
	@Transactional(propagation = Propagation.MANDATORY)
	public StockLevel track(String sku, int onHand) {
		jdbc.sql("insert into stock_items (sku, on_hand) values (?, ?)").params(sku, onHand).update();
		ledger.record(sku, onHand, 0, Reason.INITIAL, null, null, null);
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
				ledger.record(sku, -removed.get(), 0, Reason.SKU_REMOVED, null, null, null);
			}
		}
		else if (level(sku).isPresent()) {
			throw new Conflict("SKU " + sku + " has reserved units; it can be removed once they are released");
		}
	}

	public Optional<StockLevel> level(String sku) {
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ?")
			.param(sku)
			.query(StockLevel::of)
			.optional();
	}

	List<StockLevel> levels(Collection<String> skus) {
		if (skus.isEmpty()) {
			return List.of();
		}
		return jdbc.sql("select sku, on_hand, reserved from stock_items where sku = any(?)")
			.param(skus.toArray(String[]::new))
			.query(StockLevel::of)
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
			.query(StockLevel::of)
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
		List<InsufficientStock.Shortage> shortages = moves.moveAll(quantities, 0, 1, Reason.ORDER_PLACED, reference,
				false);
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
		moves.moveAllHeld(quantities, 0, -1, reason, reference, false);
	}

	/**
	 * A paid order's reserved units leave the shelf: on hand and reserved both go down.
	 */
	@Transactional
	public void commit(Map<String, Integer> quantities, String reference) {
		moves.moveAllHeld(quantities, -1, -1, Reason.ORDER_PAID, reference, false);
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
		moves.moveAllHeld(quantities, 1, 0, reason, reference, true);
	}

	/**
	 * An admin sets the units on hand, with an optional reason for the ledger. Refused
	 * with 409 below what is reserved: those units are promised to orders. Public because
	 * the ordering and payments tests set their stock up with it.
	 */
	@Transactional
	public StockLevel setOnHand(String sku, int onHand, String reason, CurrentUser actor) {
		StockLevel before = jdbc.sql("select sku, on_hand, reserved from stock_items where sku = ? for update")
			.param(sku)
			.query(StockLevel::of)
			.optional()
			.orElseThrow(() -> new NotFound("SKU " + sku));
		if (onHand < before.reserved()) {
			throw new Conflict(
					"SKU " + sku + " has " + before.reserved() + " units reserved; onHand cannot go below that");
		}
		StockLevel after = moves
			.move(sku, onHand - before.onHand(), 0, Reason.ADMIN_ADJUSTMENT, null, reason,
					actor == null ? null : actor.id())
			.orElseThrow(() -> new IllegalStateException("stock of " + sku + " changed under its lock"));
		audit.record(actor, "inventory.set", "stock", sku, before, after);
		return after;
	}

}

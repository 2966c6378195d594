package io.bodega.inventory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import io.bodega.inventory.StockMovement.Reason;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How stock moves, for orders and staff alike: each movement is one conditional UPDATE
 * (the database refuses to go below zero or to reserve more than is on hand, whatever
 * races) and its ledger lines, in one statement, announced as {@link StockChanged}.
 */
@Component
class StockMoves {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	StockMoves(JdbcClient jdbc, ApplicationEventPublisher events) {
		this.jdbc = jdbc;
		this.events = events;
	}

	/**
	 * Moves an order's stock, all lines or none: the SKUs' rows are locked in SKU order,
	 * every line is checked against its stock, and only when all fit do they move, in one
	 * statement that also writes their ledger lines. Answers the lines that do not fit
	 * (and then moves nothing). SKUs no longer stocked are short, or skipped when
	 * {@code skipUntracked}.
	 */
	List<InsufficientStock.Shortage> moveAll(Map<String, Integer> quantities, int onHandSign, int reservedSign,
			Reason reason, String reference, boolean skipUntracked) {
		List<String> skus = new ArrayList<>(new TreeMap<>(quantities).keySet());
		Map<String, StockLevel> locked = new HashMap<>();
		jdbc.sql("select sku, on_hand, reserved from stock_items where sku = any(?) order by sku for update")
			.param(skus.toArray(String[]::new))
			.query(StockLevel::of)
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

	/**
	 * {@link #moveAll} for units an order already holds (releasing, committing or
	 * restocking them): not fitting is a broken invariant, not a refusal.
	 */
	void moveAllHeld(Map<String, Integer> quantities, int onHandSign, int reservedSign, Reason reason, String reference,
			boolean skipUntracked) {
		requireFits(moveAll(quantities, onHandSign, reservedSign, reason, reference, skipUntracked), reason);
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
	Optional<StockLevel> move(String sku, int onHandDelta, int reservedDelta, Reason reason, String reference,
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
				return StockLevel.of(rs, row);
			})
			.list();
		if (!after.isEmpty()) {
			events.publishEvent(new StockChanged(after, before));
		}
		return after;
	}

}

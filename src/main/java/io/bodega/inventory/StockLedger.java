package io.bodega.inventory;

import java.util.List;
import java.util.UUID;

import io.bodega.inventory.StockMovement.Reason;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The append-only stock ledger: a line of its own for stock that starts or stops being
 * kept (the movements write theirs with the move), and a SKU's lines for the staff.
 */
@Component
class StockLedger {

	private final JdbcClient jdbc;

	private final Cursors cursors;

	StockLedger(JdbcClient jdbc, Cursors cursors) {
		this.jdbc = jdbc;
		this.cursors = cursors;
	}

	void record(String sku, int onHandDelta, int reservedDelta, Reason reason, String reference, String note,
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

	/** The ledger of one SKU, newest first. */
	ListPage<StockMovement> movements(String sku, int limit, String cursor) {
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

}

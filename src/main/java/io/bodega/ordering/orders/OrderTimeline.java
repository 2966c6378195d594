package io.bodega.ordering.orders;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What happened to each order, when and by whom, oldest first: every move of its status
 * and the staff's notes. An entry is written in the transaction of its change, so the
 * timeline never tells of a move that did not happen.
 */
@Component
public class OrderTimeline {

	/** What an entry tells. */
	enum Kind {

		PLACED, PAID, PAYMENT_FAILED, SHIPPED, DELIVERED, CANCELLED, REFUNDED, NOTE;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	/**
	 * Who made a change: a {@code customer} (signed in), a {@code guest} (by the order's
	 * token), {@code staff}, the {@code system} (a payment provider, the expiry of unpaid
	 * orders) or, for orders from before the timeline, {@code unknown}.
	 */
	@Schema(name = "TimelineActor")
	public record Actor(@Schema(allowableValues = {
			"customer", "guest", "staff", "system", "unknown" }) String type, @Nullable UUID id,
			@Nullable String email){

		static final Actor SYSTEM = new Actor("system", null, null);

		static Actor customer(CurrentUser user) {
			return new Actor("customer", user.id(), user.email());
		}

		/**
		 * A guest is known by the order's e-mail, filled in when the entry is written.
		 */
		static Actor guest() {
			return new Actor("guest", null, null);
		}

		static Actor staff(CurrentUser user) {
			return user == null ? SYSTEM : new Actor("staff", user.id(), user.email());
		}
	}

	/**
	 * One entry. {@code carrier} and {@code trackingNumber} are a shipment's;
	 * {@code reason} says why an order was cancelled ({@code customer}, {@code staff},
	 * {@code expired}) or a payment failed (such as {@code card_declined}); {@code text}
	 * is a note's.
	 */
	@Schema(name = "OrderTimelineEntry")
	public record Entry(String id, Instant at, @Schema(allowableValues = {
			"placed", "paid", "payment_failed", "shipped", "delivered", "cancelled", "refunded", "note" }) String kind,
			Actor actor, @Nullable String carrier, @Nullable String trackingNumber, @Nullable String reason,
			@Nullable String text){
	}

	private static final String COLUMNS = "id, at, kind, actor_type, actor_id, actor_email, carrier, tracking_number, "
			+ "reason, note";

	private final JdbcClient jdbc;

	private final Cursors cursors;

	OrderTimeline(JdbcClient jdbc, Cursors cursors) {
		this.jdbc = jdbc;
		this.cursors = cursors;
	}

	/** Records a move of the order, in the transaction that makes it. */
	@Transactional(propagation = Propagation.MANDATORY)
	void record(UUID orderId, Kind kind, Actor actor, String carrier, String trackingNumber, String reason) {
		insert(orderId, kind, actor, carrier, trackingNumber, reason, null);
	}

	/**
	 * A payment of the order failed: the timeline tells so, in the caller's transaction
	 * that records the failure.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void paymentFailed(UUID orderId, String reason) {
		record(orderId, Kind.PAYMENT_FAILED, Actor.SYSTEM, null, null, reason);
	}

	/**
	 * A staff member's note on the order; 404 for an unknown order. The order's row is
	 * locked first, as every move of the order locks it: entries of one order then commit
	 * in the order of their ids, so a reader paging by id never passes over one that
	 * commits late.
	 */
	@Transactional
	public Entry note(UUID orderId, String text, CurrentUser author) {
		jdbc.sql("select id from orders where id = ? for update").param(orderId).query(UUID.class).optional();
		return insert(orderId, Kind.NOTE, Actor.staff(author), null, null, null, text);
	}

	/** The order's entries, oldest first; 404 for an unknown order. */
	public ListPage<Entry> page(UUID orderId, int limit, String cursor) {
		String kind = "timeline:" + orderId;
		long after = cursor == null ? 0 : position(cursors.decode(kind, cursor).getFirst());
		List<Entry> rows = jdbc
			.sql("select " + COLUMNS
					+ " from order_timeline where order_id = :order and id > :after order by id limit :limit")
			.param("order", orderId)
			.param("after", after)
			.param("limit", limit + 1)
			.query(OrderTimeline::entry)
			.list();
		if (rows.isEmpty() && !jdbc.sql("select exists (select 1 from orders where id = ?)")
			.param(orderId)
			.query(Boolean.class)
			.single()) {
			throw new NotFound("The order");
		}
		return ListPage.of(rows, limit, last -> cursors.encode(kind, List.of(last.id())));
	}

	/**
	 * One statement: the order is read for a guest's e-mail and to know it exists (none:
	 * 404).
	 */
	private Entry insert(UUID orderId, Kind kind, Actor actor, String carrier, String trackingNumber, String reason,
			String note) {
		return jdbc.sql("""
				insert into order_timeline (order_id, kind, actor_type, actor_id, actor_email, carrier, tracking_number,
				                            reason, note)
				select o.id, :kind, :type, :actorId, case when :type = 'guest' then o.email else :email end, :carrier,
				       :tracking, :reason, :note
				from orders o where o.id = :order
				returning\s""" + COLUMNS)
			.param("order", orderId)
			.param("kind", kind.value())
			.param("type", actor.type())
			.param("actorId", actor.id())
			.param("email", actor.email())
			.param("carrier", carrier)
			.param("tracking", trackingNumber)
			.param("reason", reason)
			.param("note", note)
			.query(OrderTimeline::entry)
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	private static Entry entry(ResultSet rs, int row) throws SQLException {
		return new Entry(Long.toString(rs.getLong("id")), rs.getTimestamp("at").toInstant(), rs.getString("kind"),
				new Actor(rs.getString("actor_type"), rs.getObject("actor_id", UUID.class),
						rs.getString("actor_email")),
				rs.getString("carrier"), rs.getString("tracking_number"), rs.getString("reason"), rs.getString("note"));
	}

	private static long position(String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list");
		}
	}

}

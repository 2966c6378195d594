package io.bodega.live;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.RateLimited;
import io.bodega.shared.db.AdvisoryLocks;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Stream tickets: what a browser puts in a live stream's URL instead of a guest's order
 * token, which would otherwise land in the logs of every balancer and proxy on the way. A
 * ticket is 256 random bits, opens one stream of one order, once, within
 * {@link #LIFETIME}; only its SHA-256 is kept, in the database, so any node accepts it.
 * Whoever asks for one has shown the order's token (or owns the order), so it grants
 * nothing the token does not.
 */
@Component
class StreamTickets {

	/**
	 * How long a ticket may wait to be used: long enough to open a stream, short enough
	 * to be worthless in a log.
	 */
	static final Duration LIFETIME = Duration.ofSeconds(60);

	/**
	 * Unused tickets one order may have at once; more is 429 (each is a row until it
	 * lapses).
	 */
	static final int PER_ORDER = 20;

	/** A new ticket and when it lapses. */
	record Ticket(String ticket, Instant expiresAt) {
	}

	private final JdbcClient jdbc;

	StreamTickets(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * A new ticket for the order, whose access the caller has been checked for. Requests
	 * for one order take their turn (a lock until the transaction ends): counting and
	 * inserting in one statement is not enough under READ COMMITTED, where concurrent
	 * statements each count the others' tickets as not yet there.
	 */
	@Transactional
	Ticket issue(UUID orderId) {
		AdvisoryLocks.lockForTransaction(jdbc, "live-stream-tickets\n" + orderId);
		String ticket = Ids.newSecret();
		Instant expiresAt = jdbc.sql("""
				insert into live_stream_tickets (ticket_hash, order_id, expires_at)
				select :hash, :order, now() + make_interval(secs => :seconds)
				where (select count(*) from live_stream_tickets
				       where order_id = :order and expires_at > now()) < :most
				returning expires_at""")
			.param("hash", Hashes.sha256(ticket))
			.param("order", orderId)
			.param("seconds", LIFETIME.toSeconds())
			.param("most", PER_ORDER)
			.query((rs, row) -> rs.getTimestamp(1).toInstant())
			.optional()
			.orElseThrow(() -> new RateLimited("This order has " + PER_ORDER + " unused stream tickets; use one, or "
					+ "ask again once they lapse", LIFETIME));
		return new Ticket(ticket, expiresAt);
	}

	/**
	 * The order a ticket opens, using the ticket up; an unknown, used or lapsed ticket is
	 * the same 404 as a wrong order token.
	 */
	UUID redeem(String ticket) {
		return jdbc
			.sql("delete from live_stream_tickets where ticket_hash = ? and expires_at > now() returning order_id")
			.param(Hashes.sha256(ticket))
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	/**
	 * The order a ticket opens, leaving it unused (for HEAD); an unknown or lapsed ticket
	 * is 404 as for redeem.
	 */
	UUID check(String ticket) {
		return jdbc.sql("select order_id from live_stream_tickets where ticket_hash = ? and expires_at > now()")
			.param(Hashes.sha256(ticket))
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new NotFound("The order"));
	}

	/**
	 * Deletes lapsed tickets, on every node (the statement is the same wherever it runs).
	 */
	@Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.MINUTES)
	void purge() {
		jdbc.sql("delete from live_stream_tickets where expires_at <= now()").update();
	}

}

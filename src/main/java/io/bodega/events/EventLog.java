package io.bodega.events;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.db.AdvisoryLocks;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The committed event log: appends the events of a transaction as it commits, and reads
 * them back in id order.
 * <p>
 * How ids come to increase in commit order: a transaction's events are held in memory
 * until just before it commits; then it takes the log's advisory lock, draws its ids and
 * inserts them, and commits, and the lock is released only once the commit is visible.
 * The next transaction's ids are therefore drawn after every smaller id is committed (or
 * rolled back, leaving a gap). A reader that has seen id {@code n} has seen every event
 * below it that will ever exist, which is what makes {@code id > n} a lossless cursor on
 * any node. The price is that transactions with events commit one at a time; PostgreSQL
 * already commits transactions that {@code NOTIFY} one at a time, and the wake-up below
 * is such a notice, so the lock adds one short wait and no new order.
 */
@Service
public class EventLog {

	static final String CHANNEL = "bodega_events";

	private static final String LOCK = "event-log";

	/**
	 * An event to append: its type, subject, who may see it, and its data (turned into
	 * JSON here).
	 */
	record NewEvent(String type, String subject, @Nullable UUID customerId, @Nullable UUID orderId,
			@Nullable UUID productId, EventData data) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	EventLog(JdbcClient jdbc, JsonMapper json, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
	}

	/** The highest committed id, 0 while the log is empty. */
	public long latestId() {
		return jdbc.sql("select coalesce(max(id), 0) from event_log").query(Long.class).single();
	}

	/**
	 * The lowest id still kept: events below it were purged
	 * ({@code BODEGA_EVENT_LOG_KEEP}).
	 */
	public long oldestId() {
		return jdbc.sql("""
				select coalesce(min(id), (select last_value + case when is_called then 1 else 0 end from event_log_ids))
				from event_log""").query(Long.class).single();
	}

	/** The lowest id still kept and the highest committed one, read together. */
	public record Bounds(long oldestId, long latestId) {
	}

	/**
	 * {@link #oldestId()} and {@link #latestId()} in one statement, so that they describe
	 * the same moment: a purge or a commit between two separate reads could otherwise
	 * pair an old oldest with a new latest.
	 */
	public Bounds bounds() {
		return jdbc
			.sql("""
					select coalesce(min(id), (select last_value + case when is_called then 1 else 0 end from event_log_ids)),
					       coalesce(max(id), 0)
					from event_log""")
			.query((rs, n) -> new Bounds(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	/** Up to {@code limit} events after {@code afterId}, in id order. */
	List<LoggedEvent> after(long afterId, int limit) {
		return after(afterId, EventFilter.ALL, limit);
	}

	/**
	 * Up to {@code limit} events after {@code afterId} that the filter selects, in id
	 * order.
	 */
	public List<LoggedEvent> after(long afterId, EventFilter filter, int limit) {
		StringBuilder sql = new StringBuilder("""
				select id, type, subject, sequence, customer_id, order_id, product_id, data::text, occurred_at
				from event_log where id > :after""");
		if (filter.types() != null) {
			sql.append(" and type = any(cast(:types as text[]))");
		}
		if (filter.customerId() != null) {
			sql.append(" and customer_id = :customer");
		}
		if (filter.orderId() != null) {
			sql.append(" and order_id = :order");
		}
		if (filter.productId() != null) {
			sql.append(" and product_id = :product");
		}
		sql.append(" order by id limit :limit");
		var query = jdbc.sql(sql.toString()).param("after", afterId).param("limit", limit);
		if (filter.types() != null) {
			query = query.param("types", filter.types().toArray(String[]::new));
		}
		if (filter.customerId() != null) {
			query = query.param("customer", filter.customerId());
		}
		if (filter.orderId() != null) {
			query = query.param("order", filter.orderId());
		}
		if (filter.productId() != null) {
			query = query.param("product", filter.productId());
		}
		return query.query(EventLog::event).list();
	}

	private static LoggedEvent event(ResultSet rs, int n) throws SQLException {
		return new LoggedEvent(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
				rs.getObject(5, UUID.class), rs.getObject(6, UUID.class), rs.getObject(7, UUID.class), rs.getString(8),
				rs.getTimestamp(9).toInstant());
	}

	/**
	 * Appends an event to the caller's transaction: it is written just before that
	 * transaction commits, and only if it commits. Outside a transaction it is written at
	 * once, in one of its own.
	 */
	void append(NewEvent event) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			transaction.executeWithoutResult(status -> append(event));
			return;
		}
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			Pending events = new Pending(new ArrayList<>());
			TransactionSynchronizationManager.bindResource(this, events);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					events.written = true;
					write(events.events);
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(EventLog.this);
				}
			});
			pending = events;
		}
		if (pending.written) {
			// Published by another synchronisation's beforeCommit after the log's ran: it
			// would be lost. Failing
			// rolls the change back instead.
			throw new IllegalStateException("An event was published after its transaction's events were written");
		}
		pending.events.add(event);
	}

	/** A transaction's events until they are written, just before it commits. */
	private static final class Pending {

		final List<NewEvent> events;

		boolean written;

		Pending(List<NewEvent> events) {
			this.events = events;
		}

	}

	/**
	 * Writes a transaction's events under the log's lock, in two statements: the lock
	 * with the wake-up (a notice PostgreSQL delivers at commit, and only if the
	 * transaction commits), then every event in one insert that also numbers them per
	 * subject.
	 */
	private void write(List<NewEvent> events) {
		if (events.isEmpty()) {
			return;
		}
		jdbc.sql("select pg_advisory_xact_lock(?), pg_notify('" + CHANNEL + "', '')")
			.param(AdvisoryLocks.key(LOCK))
			.query((rs, n) -> 1)
			.single();
		int count = events.size();
		jdbc.sql(INSERT)
			.param("types", events.stream().map(NewEvent::type).toArray(String[]::new))
			.param("subjects", events.stream().map(NewEvent::subject).toArray(String[]::new))
			.param("customers", events.stream().map(NewEvent::customerId).toArray(UUID[]::new))
			.param("orders", events.stream().map(NewEvent::orderId).toArray(UUID[]::new))
			.param("products", events.stream().map(NewEvent::productId).toArray(UUID[]::new))
			.param("data", events.stream().map(e -> json.writeValueAsString(e.data())).toArray(String[]::new))
			.param("count", count)
			.update();
	}

	/**
	 * The k-th event of a subject in this transaction gets the subject's last number plus
	 * k; the ids are the next {@code count} values of the sequence, drawn at once (only
	 * the lock's holder draws them), in the order the events were appended.
	 */
	private static final String INSERT = """
			with input as (
			  select * from unnest(cast(:types as text[]), cast(:subjects as text[]), cast(:customers as uuid[]),
			                       cast(:orders as uuid[]), cast(:products as uuid[]), cast(:data as text[]))
			         with ordinality as i (type, subject, customer_id, order_id, product_id, data, n)),
			counted as (select subject, count(*)::int as c from input group by subject),
			numbered as (
			  insert into event_subjects as s (subject, sequence) select subject, c from counted
			  on conflict (subject) do update set sequence = s.sequence + excluded.sequence
			  returning subject, sequence),
			ids as (select setval('event_log_ids', nextval('event_log_ids') + :count - 1) as last)
			insert into event_log (id, type, subject, sequence, customer_id, order_id, product_id, data)
			select ids.last - :count + i.n, i.type, i.subject,
			       numbered.sequence - counted.c + row_number() over (partition by i.subject order by i.n),
			       i.customer_id, i.order_id, i.product_id, cast(i.data as jsonb)
			from input i join counted using (subject) join numbered using (subject) cross join ids""";

}

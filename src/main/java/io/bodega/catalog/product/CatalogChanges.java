package io.bodega.catalog.product;

import io.bodega.catalog.search.ListCache;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.bodega.shared.db.ListeningConnections;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Tells every node that a product changed, through PostgreSQL {@code NOTIFY} (delivered
 * at commit, only if the change commits), and listens for such news to evict cached
 * products and drop cached lists. If the listening connection breaks, the whole cache is
 * dropped (a missed notice must not leave a stale product) and the connection is made
 * again.
 */
@Component
public class CatalogChanges implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(CatalogChanges.class);
	static final String CHANNEL = "bodega_catalog";

	private final JdbcClient jdbc;

	private final DataSource dataSource;

	private final ProductCache cache;

	private final ListCache lists;

	private volatile boolean running;

	private volatile Thread listener;

	CatalogChanges(JdbcClient jdbc, DataSource dataSource, ProductCache cache, ListCache lists) {
		this.jdbc = jdbc;
		this.dataSource = dataSource;
		this.cache = cache;
		this.lists = lists;
	}

	/**
	 * Announces a change of a product, in the caller's transaction. The products a
	 * transaction changes are announced together, in one {@code NOTIFY} just before it
	 * commits: PostgreSQL serialises the commits of notifying transactions, so one notice
	 * per transaction instead of one per product keeps checkouts from queueing on it.
	 */
	public void productChanged(UUID id) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			announce(List.of(id));
			evict(List.of(id));
			return;
		}
		pending().toAnnounce.add(id);
	}

	/**
	 * Products whose change the caller announced itself, in the statement that made it
	 * (with {@link #NOTIFY_CHANGED}), saving a round trip: this node's caches drop them
	 * once the transaction commits.
	 */
	public void productsAnnounced(Collection<UUID> ids) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			evict(ids);
			return;
		}
		pending().announced.addAll(ids);
	}

	/**
	 * Ends a statement that returns changed product ids in a CTE named {@code changed}
	 * (column {@code product_id}): announces them all in one notice and answers them as
	 * one comma-separated text (no row if none changed). At most 200 products: a notice
	 * holds at most 8,000 bytes.
	 */
	public static final String NOTIFY_CHANGED = """
			, announced as (select string_agg(distinct product_id::text, ',') as ids from changed)
			select ids, pg_notify('%s', ids) from announced where ids is not null""".formatted(CHANNEL);

	private record Pending(Set<UUID> toAnnounce, Set<UUID> announced) {
	}

	private Pending pending() {
		Pending pending = (Pending) TransactionSynchronizationManager.getResource(this);
		if (pending == null) {
			Pending changed = new Pending(new LinkedHashSet<>(), new LinkedHashSet<>());
			TransactionSynchronizationManager.bindResource(this, changed);
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void beforeCommit(boolean readOnly) {
					if (!changed.toAnnounce().isEmpty()) {
						announce(List.copyOf(changed.toAnnounce()));
					}
				}

				@Override
				public void afterCommit() {
					changed.announced().addAll(changed.toAnnounce());
					evict(changed.announced());
				}

				@Override
				public void afterCompletion(int status) {
					TransactionSynchronizationManager.unbindResourceIfPossible(CatalogChanges.this);
				}
			});
			pending = changed;
		}
		return pending;
	}

	private void evict(Collection<UUID> ids) {
		ids.forEach(cache::evict);
		lists.evictAll();
	}

	/** One notice per up to 200 products (a payload holds at most 8,000 bytes). */
	private void announce(List<UUID> ids) {
		for (int from = 0; from < ids.size(); from += 200) {
			String payload = String.join(",",
					ids.subList(from, Math.min(ids.size(), from + 200)).stream().map(UUID::toString).toList());
			jdbc.sql("select pg_notify('" + CHANNEL + "', ?)").param(payload).query(Object.class).optional();
		}
	}

	@Override
	public void start() {
		running = true;
		listener = Thread.ofVirtual().name("catalog-changes").start(this::listen);
	}

	@Override
	public void stop() {
		running = false;
		Thread thread = listener;
		if (thread != null) {
			thread.interrupt();
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	private void listen() {
		while (running) {
			try (Connection connection = ListeningConnections.open(dataSource);
					Statement statement = connection.createStatement()) {
				statement.execute("LISTEN " + CHANNEL);
				cache.evictAll();
				lists.evictAll();
				PGConnection pg = connection.unwrap(PGConnection.class);
				while (running) {
					PGNotification[] notifications = pg.getNotifications(5_000);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							evict(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException e) {
				cache.evictAll();
				lists.evictAll();
				if (running) {
					log.warn("Listening for catalog changes failed; retrying in a second: {}", e.toString());
					ListeningConnections.pauseBeforeRetry();
				}
			}
		}
	}

	private void evict(String payload) {
		lists.evictAll();
		try {
			for (String id : payload.split(",")) {
				cache.evict(UUID.fromString(id));
			}
		}
		catch (IllegalArgumentException e) {
			cache.evictAll();
		}
	}

}

package io.bodega.catalog;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
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
 * Tells every node that a product changed, through PostgreSQL {@code NOTIFY} (delivered at commit, only if the change
 * commits), and listens for such news to evict cached products and drop cached lists. If the listening connection breaks, the whole cache
 * is dropped (a missed notice must not leave a stale product) and the connection is made again.
 */
@Component
class CatalogChanges implements SmartLifecycle {

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

	/** Announces a change of a product, in the caller's transaction. */
	void productChanged(UUID id) {
		jdbc.sql("select pg_notify('" + CHANNEL + "', ?)").param(id.toString()).query(Object.class).optional();
		if (TransactionSynchronizationManager.isSynchronizationActive()) {
			TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
				@Override
				public void afterCommit() {
					cache.evict(id);
					lists.evictAll();
				}
			});
		}
		else {
			cache.evict(id);
			lists.evictAll();
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
			try (Connection connection = listeningConnection(); Statement statement = connection.createStatement()) {
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
					sleep();
				}
			}
		}
	}

	/**
	 * A connection of its own, outside the pool: it is held for as long as the server runs, and taking it from the
	 * pool would leave one connection fewer for requests.
	 */
	private Connection listeningConnection() throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
	}

	private void evict(String payload) {
		lists.evictAll();
		try {
			cache.evict(UUID.fromString(payload));
		}
		catch (IllegalArgumentException e) {
			cache.evictAll();
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}

package io.bodega.shared.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Connections that {@code LISTEN} for PostgreSQL notices (the catalog's changes, the
 * event log's wake-ups): each is made on its own, outside the pool, with the pool's URL
 * and credentials. It is held for as long as the server runs, and taking it from the pool
 * would leave one connection fewer for requests.
 */
public final class ListeningConnections {

	private ListeningConnections() {
	}

	public static Connection open(DataSource dataSource) throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
	}

	/**
	 * The pause before a broken listening connection is made again: a second (the
	 * thread's interrupt is kept).
	 */
	public static void pauseBeforeRetry() {
		try {
			Thread.sleep(1_000);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}

package io.bodega.shared.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Whether this node can reach its database, for the readiness probe
 * ({@code /actuator/health/readiness} includes it as {@code database}): a load balancer
 * then stops sending requests to a node that could only answer 503. It is known within
 * about a second of losing the database, and again of getting it back:
 * <ul>
 * <li>a probe checks a connection of its own every {@value #PROBE_MILLIS} ms (not a
 * pooled one: under load the pool may be busy for a moment, and a busy node is not an
 * unready one);</li>
 * <li>a request that finds the database out of reach says so at once
 * ({@link #unreachable}).</li>
 * </ul>
 * Liveness does not depend on it: restarting the node would not bring the database back.
 */
@Component("database")
public class DatabaseReachability implements HealthIndicator, SmartLifecycle, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(DatabaseReachability.class);

	static final long PROBE_MILLIS = 500;

	private static final String LOST = "The database is out of reach; this node reports itself not ready until it is "
			+ "back";

	private static final int CHECK_SECONDS = 1;

	private final HikariDataSource pool;

	private final ScheduledExecutorService probe = Executors
		.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("database-probe").factory());

	private volatile boolean reachable = true;

	private ScheduledFuture<?> probing;

	private Connection connection;

	DatabaseReachability(DataSource dataSource) {
		this.pool = DatabaseLimits.pool(dataSource);
	}

	/**
	 * A request found the database out of reach: readiness says so until the probe
	 * reaches it again.
	 */
	public void unreachable() {
		if (reachable) {
			log.warn(LOST);
		}
		reachable = false;
	}

	@Override
	public Health health() {
		return reachable ? Health.up().build() : Health.down().build();
	}

	private void check() {
		boolean ok;
		try {
			if (connection == null || connection.isClosed()) {
				connection = connect();
			}
			ok = connection.isValid(CHECK_SECONDS);
		}
		catch (SQLException | RuntimeException | Error e) {
			// any failure, down to a linkage error, is a failed check: the probe must go
			// on checking
			ok = false;
		}
		if (!ok) {
			closeConnection();
		}
		if (ok && !reachable) {
			log.info("The database is reachable again; this node is ready");
		}
		else if (!ok && reachable) {
			log.warn(LOST);
		}
		reachable = ok;
	}

	private Connection connect() throws SQLException {
		Properties properties = DatabaseLimits.unboundedConnection(pool);
		properties.setProperty("connectTimeout", String.valueOf(CHECK_SECONDS));
		properties.setProperty("socketTimeout", String.valueOf(CHECK_SECONDS + 1));
		properties.setProperty("tcpKeepAlive", "true");
		properties.setProperty("ApplicationName", "bodega-probe");
		return DriverManager.getConnection(pool.getJdbcUrl(), properties);
	}

	private void closeConnection() {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (SQLException e) {
				// already broken
			}
			connection = null;
		}
	}

	/**
	 * Starts probing; also after a {@link #stop}, as when a test framework pauses a
	 * cached application context and later uses it again.
	 */
	@Override
	public synchronized void start() {
		if (probing == null) {
			probing = probe.scheduleWithFixedDelay(this::check, 0, PROBE_MILLIS, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Stops probing (a probe under way finishes); the last word stands until probing
	 * starts again.
	 */
	@Override
	public synchronized void stop() {
		if (probing != null) {
			probing.cancel(false);
			probing = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return probing != null;
	}

	@Override
	public void destroy() throws InterruptedException {
		probe.shutdownNow();
		probe.awaitTermination(5, TimeUnit.SECONDS);
		closeConnection();
	}

}

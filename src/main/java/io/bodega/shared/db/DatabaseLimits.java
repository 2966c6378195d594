package io.bodega.shared.db;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Bounds on everything Bodega waits for in PostgreSQL, so that one stuck node, statement
 * or lock cannot stall the others: a node frozen mid-transaction (paused, or cut off by
 * the network) loses its transactions and their locks after
 * {@code idleInTransactionTimeout}, a lock wait ends after {@code lockTimeout}, a
 * statement after {@code statementTimeout}, and a request that cannot get a pooled
 * connection gives up after {@code connectionWait} (503 with Retry-After, see
 * {@link DatabaseFailures}). The server also probes idle connections with TCP keepalives,
 * so it notices a vanished node without waiting for the operating system's two hours.
 * <p>
 * They are set on every pooled connection at connect time, as PostgreSQL options,
 * together with the plan cache mode ({@link QueryPlans}). Flyway's migrations run on
 * connections of their own without these limits: a migration may rewrite a big table.
 */
@ConfigurationProperties("bodega.db")
public record DatabaseLimits(Duration connectionWait, Duration statementTimeout, Duration lockTimeout,
		Duration idleInTransactionTimeout) {

	/**
	 * How many seconds a client is told to wait (Retry-After) when the database is out of
	 * reach or busy.
	 */
	public static final int RETRY_AFTER_SECONDS = 2;

	/** The PostgreSQL options every pooled connection starts with. */
	String options() {
		// Bodega's statements find rows by key, so their best plan does not depend on
		// their values; but PostgreSQL's
		// default (auto) plans statements that take arrays (unnest($1), = any($1)) again
		// at every execution, which
		// was a quarter of its time in checkout. So each statement is planned once per
		// connection (see QueryPlans).
		return "-c plan_cache_mode=force_generic_plan" + " -c statement_timeout=" + statementTimeout.toMillis()
				+ " -c lock_timeout=" + lockTimeout.toMillis() + " -c idle_in_transaction_session_timeout="
				+ idleInTransactionTimeout.toMillis()
				// the server's keepalive probes on each connection: idle 30 s, then every
				// 10 s, given up after 3
				+ " -c tcp_keepalives_idle=30 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=3";
	}

	/**
	 * Lifts the bounds for the rest of the caller's transaction (it must run in one): for
	 * start-up work that may wait on another node's (filling the demo catalog) or take
	 * long, never for a request.
	 */
	public static void liftForThisTransaction(JdbcClient jdbc) {
		jdbc.sql("select set_config('statement_timeout', '0', true), set_config('lock_timeout', '0', true), "
				+ "set_config('idle_in_transaction_session_timeout', '0', true)")
			.query()
			.singleRow();
	}

	/**
	 * How to connect as the pool does (user, password and its driver settings such as
	 * TLS) but without the bounds for requests: for connections of their own (migrations,
	 * the readiness probe).
	 */
	static Properties unboundedConnection(HikariDataSource pool) {
		Properties properties = new Properties();
		properties.putAll(pool.getDataSourceProperties());
		properties.remove("options");
		if (pool.getUsername() != null) {
			properties.setProperty("user", pool.getUsername());
		}
		if (pool.getPassword() != null) {
			properties.setProperty("password", pool.getPassword());
		}
		return properties;
	}

	/** The connection pool behind {@code dataSource} (which a test may have wrapped). */
	static HikariDataSource pool(DataSource dataSource) {
		try {
			return dataSource.unwrap(HikariDataSource.class);
		}
		catch (SQLException e) {
			throw new IllegalStateException("Bodega's data source is a HikariCP pool", e);
		}
	}

	/** Applies the limits to the connection pool. */
	@Configuration(proxyBeanMethods = false)
	static class Pool {

		/**
		 * Migrations connect without the pool's limits (and without taking a pooled
		 * connection), with the pool's other driver settings (TLS and the like); unless a
		 * migration database of its own is configured ({@code spring.flyway.url}).
		 */
		@Bean
		FlywayConfigurationCustomizer unlimitedMigrations(DataSource dataSource, Environment environment) {
			HikariDataSource pool = pool(dataSource);
			return flyway -> {
				if (environment.getProperty("spring.flyway.url", "").isBlank()) {
					DriverManagerDataSource unbounded = new DriverManagerDataSource(pool.getJdbcUrl());
					unbounded.setConnectionProperties(unboundedConnection(pool));
					flyway.dataSource(unbounded);
				}
			};
		}

		/**
		 * Applies the limits to the connection pool, embedded database or not, before it
		 * opens a connection. A bean post processor is made before the beans it
		 * processes, so it reads the limits from the environment itself.
		 */
		@Bean
		static BeanPostProcessor databaseLimitsApplier(Environment environment) {
			return new BeanPostProcessor() {
				private final DatabaseLimits limits = Binder.get(environment)
					.bindOrCreate("bodega.db", DatabaseLimits.class);

				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					if (bean instanceof DataSource dataSource) {
						HikariDataSource pool = pool(dataSource);
						pool.setConnectionTimeout(Math.max(250, limits.connectionWait().toMillis()));
						// A connection checked out of the pool after a pause is tested
						// first: at most this long.
						pool.setValidationTimeout(Math.max(250, Math.min(1000, limits.connectionWait().toMillis())));
						pool.addDataSourceProperty("options", limits.options());
						pool.addDataSourceProperty("tcpKeepAlive", "true");
						pool.addDataSourceProperty("connectTimeout",
								String.valueOf(Math.max(1, limits.connectionWait().toSeconds())));
					}
					return bean;
				}
			};
		}

	}
}

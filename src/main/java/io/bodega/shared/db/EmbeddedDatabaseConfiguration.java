package io.bodega.shared.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code BODEGA_DB_URL}, Bodega runs its own PostgreSQL: a real server started from zonky's binaries, its
 * data under {@code BODEGA_DATA_DIR/postgres} (kept across restarts), listening on a free loopback port. The
 * connection pool is closed before the server is stopped, because Spring destroys dependants first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${bodega.db.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

	private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabaseConfiguration.class);

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(@Value("${bodega.data-dir}") Path dataDir) throws IOException {
		Path pgData = dataDir.toAbsolutePath().normalize().resolve("postgres");
		Files.createDirectories(pgData);
		long started = System.nanoTime();
		EmbeddedPostgres postgres = EmbeddedPostgres.builder()
			.setDataDirectory(pgData)
			.setCleanDataDirectory(false)
			.setServerConfig("listen_addresses", "127.0.0.1")
			.setServerConfig("max_connections", "100")
			.start();
		log.info("Embedded PostgreSQL started on 127.0.0.1:{} with data in {} ({} ms)", postgres.getPort(), pgData,
				(System.nanoTime() - started) / 1_000_000);
		return postgres;
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres) {
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres")
			.username("postgres")
			.build();
	}

}

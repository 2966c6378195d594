package io.bodega.shared.db;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With no {@code BODEGA_DB_URL}, Bodega runs its own PostgreSQL: a real server started
 * from zonky's binaries, its data under {@code BODEGA_DATA_DIR/postgres} (kept across
 * restarts), listening on a free loopback port and asking for the password kept in
 * {@code BODEGA_DATA_DIR/postgres-password} (made at the first start). The connection
 * pool is closed before the server is stopped, because Spring destroys dependants first.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${bodega.db.url:}'.isBlank()")
class EmbeddedDatabaseConfiguration {

	@Bean(destroyMethod = "close")
	EmbeddedPostgres embeddedPostgres(StorageProperties storage) {
		return EmbeddedPostgresStarter.obtain(storage.dataDir());
	}

	@Bean
	@ConfigurationProperties("spring.datasource.hikari")
	HikariDataSource dataSource(EmbeddedPostgres postgres, StorageProperties storage) {
		Path password = EmbeddedPostgresStarter
			.passwordFile(EmbeddedPostgresStarter.dataDirectory(storage.dataDir().toString()));
		return DataSourceBuilder.create()
			.type(HikariDataSource.class)
			.url("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres")
			.username("postgres")
			.password(EmbeddedPassword.readOrCreate(password))
			.build();
	}

}

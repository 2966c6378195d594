package io.bodega.catalog.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-command experience: a fresh embedded database is filled with the demo shop at
 * start-up. Always on an embedded PostgreSQL of its own (even when the suite runs against
 * an external server), since it needs an empty one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "bodega.catalog.demo-data=true", "bodega.catalog.demo-products=1000" })
@ActiveProfiles("test")
class DemoCatalogTests {

	@DynamicPropertySource
	static void ownEmbeddedDatabase(DynamicPropertyRegistry registry) throws IOException {
		Path dataDir = Files.createTempDirectory("bodega-demo-");
		registry.add("bodega.data-dir", dataDir::toString);
		registry.add("bodega.db.url", () -> "");
		registry.add("spring.datasource.url", () -> "");
	}

	@LocalServerPort
	int port;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	DemoCatalog demo;

	@Test
	void fillsAnEmptyDatabaseWithABelievableShop() {
		assertThat(count("products")).isEqualTo(1000);
		assertThat(count("categories")).isEqualTo(25);
		assertThat(count("variants")).isBetween(2000L, 6000L);
		assertThat(count("product_images")).isEqualTo(1000);
		assertThat(jdbc.sql("select count(*) from stock_items").query(Long.class).single())
			.isEqualTo(count("variants"));
		assertThat(jdbc.sql("select count(*) from products where status = 'active'").query(Long.class).single())
			.isGreaterThan(900L);

		Http http = new Http(port);
		JsonNode page = http.get("/api/v1/products?category=clothing&limit=5").send().json();
		assertThat(page.path("items").size()).isEqualTo(5);
		JsonNode first = page.path("items").get(0);
		assertThat(first.path("image").path("url").asString()).startsWith("/media/");
		assertThat(http.get(first.path("image").path("url").asString()).send().header("Content-Type"))
			.hasValue("image/png");
		JsonNode product = http.get("/api/v1/products/" + first.path("slug").asString()).send().json();
		assertThat(product.path("variants").size()).isGreaterThan(0);
		assertThat(product.path("description").asString()).isNotBlank();
		assertThat(http.get("/api/v1/products?q=merino").send().json().path("items").size()).isGreaterThan(0);
	}

	@Test
	void fillsOnlyAnEmptyCatalogAndTheSameWayEachTime() {
		assertThat(demo.fillIfEmpty(1000)).isZero();
		assertThat(count("products")).isEqualTo(1000);
		assertThat(jdbc.sql("select title from products order by created_at limit 1").query(String.class).single())
			.as("made from a fixed seed")
			.isEqualTo("Lumen Canvas Tee");
		assertThat(jdbc.sql("select title from products order by created_at desc limit 1").query(String.class).single())
			.isEqualTo("Solstice Ceramic Cable");
	}

	private long count(String table) {
		return jdbc.sql("select count(*) from " + table).query(Long.class).single();
	}

}

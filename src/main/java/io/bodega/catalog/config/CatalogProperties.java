package io.bodega.catalog.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * @param currency the shop's currency (ISO 4217); every price is in it
 * @param demoData fill an empty database with the demo catalog at start-up
 * @param demoProducts how many demo products to make
 * @param demoVariants variants per demo product (0: a natural mix of 1 to 10); the
 * benchmark uses 4
 * @param listCacheSize how much cached list pages and facets may weigh (estimated bytes
 * of the JVM's heap)
 * @param productCacheSize how much cached rendered products may weigh (estimated bytes of
 * the JVM's heap)
 * @param importMaxRows the most rows (variants) one product CSV import may have; a larger
 * file is refused
 * @param importReadDeadline how long an import's body may take to arrive, so a slow
 * client cannot keep the node's one import slot
 */
@ConfigurationProperties("bodega.catalog")
public record CatalogProperties(String currency, boolean demoData, int demoProducts, int demoVariants,
		DataSize listCacheSize, DataSize productCacheSize, int importMaxRows, Duration importReadDeadline) {
}

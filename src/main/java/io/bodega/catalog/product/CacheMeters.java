package io.bodega.catalog.product;

import com.github.benmanes.caffeine.cache.Cache;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

/**
 * The meters of the catalog's caches: Caffeine's own (hits, misses, evictions) and what
 * the entries weigh, since both caches are bounded by the estimated bytes they hold.
 */
public final class CacheMeters {

	private CacheMeters() {
	}

	public static void bind(MeterRegistry registry, Cache<?, ?> cache, String name) {
		CaffeineCacheMetrics.monitor(registry, cache, name);
		Gauge.builder("cache.weight", cache, c -> c.policy().eviction().orElseThrow().weightedSize().orElse(0))
			.tag("cache", name)
			.baseUnit(BaseUnits.BYTES)
			.description("What the entries weigh: their estimated size")
			.register(registry);
	}

}

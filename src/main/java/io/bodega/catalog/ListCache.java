package io.bodega.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Answers of product lists (pages and facets) by query, dropped whole whenever any product changes on any node
 * ({@link CatalogChanges}). A list can show any product, so any change may alter any list. An answer computed while a
 * change happened is returned but not kept, so a stale list can never be put back after the drop.
 */
@org.springframework.stereotype.Component
class ListCache {

	private final ConcurrentHashMap<String, Object> entries = new ConcurrentHashMap<>();
	private final AtomicLong generation = new AtomicLong();
	private final int capacity;

	ListCache(@org.springframework.beans.factory.annotation.Value("${bodega.catalog.list-cache-size:5000}") int capacity) {
		this.capacity = capacity;
	}

	@SuppressWarnings("unchecked")
	<V> V get(String key, Supplier<V> load) {
		Object cached = entries.get(key);
		if (cached != null) {
			return (V) cached;
		}
		long started = generation.get();
		V value = load.get();
		if (generation.get() == started) {
			if (entries.size() >= capacity) {
				entries.clear();
			}
			entries.put(key, value);
		}
		return value;
	}

	void evictAll() {
		generation.incrementAndGet();
		entries.clear();
	}
}

package io.bodega.catalog.search;

import io.bodega.catalog.product.CacheMeters;
import io.bodega.catalog.config.CatalogProperties;

import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Answers of product lists (pages as JSON, and facets) by query, bounded by their size in
 * bytes. Their keys are free text, so anyone can ask for endless one-off lists:
 * Caffeine's W-TinyLFU admits a new answer in place of an old one only if it is asked for
 * more often, so a stream of one-off queries passes by without evicting the pages
 * shoppers read.
 * <p>
 * The cache is dropped whole whenever any product changes on any node
 * ({@code CatalogChanges}): a list can show any product, so any change may alter any
 * list. Each answer carries the generation it was computed in and is served only while
 * that generation lasts, so an answer computed while a drop happened is returned but
 * never served again, even if it lands in the cache after the drop (Caffeine's
 * {@code invalidateAll} does not hold off writes racing with it).
 */
@Component
public class ListCache implements MeterBinder {

	/**
	 * Bytes an entry costs besides its key's characters and its answer: Caffeine's node,
	 * the map's node and slot, the key's String and the entry record (compressed
	 * pointers). An estimate erring high, so the bound holds.
	 */
	static final int ENTRY_OVERHEAD = 160;

	private record Entry(Object answer, long generation) {
	}

	private final Cache<String, Entry> entries;

	private final AtomicLong generation = new AtomicLong();

	@Autowired
	ListCache(CatalogProperties properties) {
		this(properties.listCacheSize().toBytes(), ForkJoinPool.commonPool());
	}

	/**
	 * @param maintenance runs Caffeine's evictions; tests pass {@code Runnable::run} to
	 * have them at once
	 */
	ListCache(long maximumBytes, Executor maintenance) {
		this.entries = Caffeine.newBuilder()
			.maximumWeight(maximumBytes)
			.weigher((String key, Entry entry) -> weight(key, entry.answer()))
			.executor(maintenance)
			.recordStats()
			.build();
	}

	@SuppressWarnings("unchecked")
	<V> V get(String key, Supplier<V> load) {
		Entry cached = entries.getIfPresent(key);
		long current = generation.get();
		if (cached != null) {
			if (cached.generation() == current) {
				return (V) cached.answer();
			}
			entries.asMap().remove(key, cached);
		}
		V answer = load.get();
		if (generation.get() == current) {
			entries.put(key, new Entry(answer, current));
		}
		return answer;
	}

	public void evictAll() {
		generation.incrementAndGet();
		entries.invalidateAll();
	}

	/** The cache itself, for its metrics and for tests (its bound and weight). */
	public Cache<String, ?> entries() {
		return entries;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CacheMeters.bind(registry, entries, "catalog.lists");
	}

	/**
	 * An entry's size in bytes: characters count two bytes each, as they do once the text
	 * is not Latin-1.
	 */
	static int weight(String key, Object answer) {
		long bytes = ENTRY_OVERHEAD + 2L * key.length() + switch (answer) {
			case byte[] json -> json.length;
			case ProductSearch.Facets facets -> weight(facets);
			default -> throw new IllegalArgumentException("No weight known for a " + answer.getClass().getName());
		};
		return (int) Math.min(Integer.MAX_VALUE, bytes);
	}

	/**
	 * Facets as objects: the record and its two lists (80 bytes); per category its
	 * record, list slot and two Strings (116 bytes and the characters); per price band
	 * its record, boxed upper bound and list slot (52 bytes).
	 */
	private static long weight(ProductSearch.Facets facets) {
		long bytes = 80 + 52L * facets.priceBands().size();
		for (ProductSearch.CategoryCount category : facets.categories()) {
			bytes += 116 + 2L * (category.slug().length() + category.name().length());
		}
		return bytes;
	}

}

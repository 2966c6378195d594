package io.bodega.catalog.product;

import io.bodega.catalog.config.CatalogProperties;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import tools.jackson.databind.json.JsonMapper;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import io.bodega.shared.Hashes;
import java.util.Collection;
import java.util.HashMap;

/**
 * Rendered products (JSON bytes and their strong ETag), so a product page costs no SQL
 * while nothing changes, bounded by their size in bytes; Caffeine's W-TinyLFU keeps the
 * products read often when others are read once. Entries are evicted when
 * {@link CatalogChanges} reports a change from any node. A load that started before an
 * eviction of the same product, or before a drop of all, is answered but not kept, so a
 * slow reader can never put back a stale copy. The slug index holds the slugs of exactly
 * the cached products: it changes with them, under the same entry's lock.
 */
@Component
public class ProductCache implements MeterBinder {

	public record Rendered(UUID id, String slug, String status, byte[] body, String etag) {

		/** Whether an {@code If-Match} header names this version (or any, with *). */
		public boolean matchedBy(String ifMatch) {
			return named(ifMatch, false);
		}

		/**
		 * The product's JSON with its ETag, or 304 when the client's copy is current.
		 * {@code If-None-Match} compares weakly (RFC 9110), so a {@code W/} prefix a
		 * proxy added still matches.
		 */
		public ResponseEntity<byte[]> answer(@Nullable String ifNoneMatch, CacheControl caching) {
			if (ifNoneMatch != null && named(ifNoneMatch, true)) {
				return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).cacheControl(caching).build();
			}
			return ResponseEntity.ok()
				.contentType(MediaType.APPLICATION_JSON)
				.eTag(etag)
				.cacheControl(caching)
				.body(body);
		}

		private boolean named(String header, boolean weak) {
			for (String candidate : header.split(",")) {
				String tag = candidate.strip();
				if (weak && tag.startsWith("W/")) {
					tag = tag.substring(2);
				}
				if (tag.equals("*") || tag.equals(etag)) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * Bytes an entry costs besides its JSON and its slug's characters: the key and the
	 * product's id, the record, the JSON's array header, the status, slug and ETag
	 * Strings, Caffeine's node, the map's node and slot, and the slug index's node and
	 * slot (compressed pointers). An estimate erring high, so the bound holds.
	 */
	static final int ENTRY_OVERHEAD = 420;

	/**
	 * Evictions are remembered per stripe of ids: another product of the stripe costs a
	 * load no more than not keeping it.
	 */
	private static final int STRIPES = 1024;

	/**
	 * A product and the clock when its load began: served only if nothing was dropped
	 * whole since.
	 */
	private record Entry(Rendered rendered, long loadedFrom) {
	}

	private final ProductReader reader;

	private final JsonMapper json;

	private final Cache<UUID, Entry> byId;

	private final Map<String, UUID> idBySlug = new ConcurrentHashMap<>();

	private final AtomicLong clock = new AtomicLong();

	private final AtomicLongArray evictedAt = new AtomicLongArray(STRIPES);

	private volatile long clearedAt;

	@Autowired
	ProductCache(ProductReader reader, JsonMapper json, CatalogProperties properties) {
		this(reader, json, properties.productCacheSize().toBytes(), ForkJoinPool.commonPool());
	}

	/**
	 * @param maintenance runs Caffeine's evictions; tests pass {@code Runnable::run} to
	 * have them at once
	 */
	ProductCache(ProductReader reader, JsonMapper json, long maximumBytes, Executor maintenance) {
		this.reader = reader;
		this.json = json;
		this.byId = Caffeine.newBuilder()
			.maximumWeight(maximumBytes)
			.weigher((UUID id, Entry entry) -> weight(entry.rendered()))
			// Called inside the eviction of that entry, so no load of the same product
			// comes between.
			.evictionListener((UUID id, Entry entry, RemovalCause cause) -> {
				if (id != null && entry != null) {
					idBySlug.remove(entry.rendered().slug(), id);
				}
			})
			.executor(maintenance)
			.recordStats()
			.build();
	}

	public Optional<Rendered> byId(UUID id) {
		Entry cached = byId.getIfPresent(id);
		if (cached != null) {
			if (cached.loadedFrom() >= clearedAt) {
				return Optional.of(cached.rendered());
			}
			remove(id, cached);
		}
		return load(id);
	}

	public Optional<Rendered> bySlug(String slug) {
		UUID id = idBySlug.get(slug);
		if (id != null) {
			Optional<Rendered> found = byId(id);
			if (found.isPresent() && found.get().slug().equals(slug)) {
				return found;
			}
		}
		return reader.idBySlug(slug).flatMap(this::byId);
	}

	/**
	 * Renders without caching: for answers right after a change, inside its transaction.
	 */
	public Optional<Rendered> fresh(UUID id) {
		return reader.load(id).map(this::render);
	}

	/**
	 * {@link #fresh(UUID)} for many products at once, in a fixed number of statements.
	 */
	public Map<UUID, Rendered> fresh(Collection<UUID> ids) {
		Map<UUID, Rendered> rendered = new HashMap<>();
		reader.loadAll(ids).forEach((id, view) -> rendered.put(id, render(view)));
		return rendered;
	}

	void evict(UUID id) {
		evictedAt.accumulateAndGet(stripe(id), clock.incrementAndGet(), Math::max);
		remove(id, null);
	}

	void evictAll() {
		clearedAt = clock.incrementAndGet();
		// One by one, so that each slug leaves the index with its product; an entry put
		// back meanwhile by a load
		// older than the drop is never served (see byId).
		byId.asMap().keySet().forEach(id -> remove(id, null));
	}

	/** The cache itself, for its metrics and for tests (its bound and weight). */
	Cache<UUID, ?> entries() {
		return byId;
	}

	/**
	 * How many slugs the index holds, for tests: as many as there are products cached.
	 */
	int slugsIndexed() {
		return idBySlug.size();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CacheMeters.bind(registry, byId, "catalog.products");
	}

	static int weight(Rendered rendered) {
		return (int) Math.min(Integer.MAX_VALUE,
				ENTRY_OVERHEAD + (long) rendered.body().length + rendered.slug().length());
	}

	private Optional<Rendered> load(UUID id) {
		long started = clock.get();
		Optional<Rendered> loaded = fresh(id);
		loaded.ifPresent(rendered -> byId.asMap().compute(id, (key, old) -> {
			// Under the entry's lock: an eviction of this product either comes after (and
			// removes what is put here) or
			// has already marked its stripe, which this sees.
			if (evictedAt.get(stripe(id)) > started || clearedAt > started) {
				return old;
			}
			if (old != null && !old.rendered().slug().equals(rendered.slug())) {
				idBySlug.remove(old.rendered().slug(), id);
			}
			idBySlug.put(rendered.slug(), id);
			return new Entry(rendered, started);
		}));
		return loaded;
	}

	/**
	 * Removes the product (only if it is still {@code expected}, when given) and its slug
	 * from the index.
	 */
	private void remove(UUID id, Entry expected) {
		byId.asMap().computeIfPresent(id, (key, entry) -> {
			if (expected != null && entry != expected) {
				return entry;
			}
			idBySlug.remove(entry.rendered().slug(), id);
			return null;
		});
	}

	private static int stripe(UUID id) {
		return Math.floorMod(id.hashCode(), STRIPES);
	}

	private Rendered render(ProductView view) {
		byte[] body = json.writeValueAsBytes(view);
		return new Rendered(view.id(), view.slug(), view.status(), body, etag(body));
	}

	static String etag(byte[] body) {
		return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(body)).substring(0, 27)
				+ "\"";
	}

}

package io.bodega.catalog;

import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import io.bodega.shared.Hashes;

/**
 * Rendered products (JSON bytes and their strong ETag), so a product page costs no SQL while nothing changes.
 * Entries are evicted when {@link CatalogChanges} reports a change from any node. A load that started before an
 * eviction of the same product is answered but not kept, so a slow reader can never put back a stale copy.
 */
@Component
class ProductCache {

	record Rendered(UUID id, String slug, String status, byte[] body, String etag) {
	}

	private final ProductReader reader;
	private final JsonMapper json;
	private final int capacity;
	private final ConcurrentHashMap<UUID, Rendered> byId = new ConcurrentHashMap<>();
	private final ConcurrentHashMap<String, UUID> idBySlug = new ConcurrentHashMap<>();
	private final ConcurrentHashMap<UUID, Long> evictedAt = new ConcurrentHashMap<>();
	private final AtomicLong clock = new AtomicLong();
	private volatile long clearedAt;

	ProductCache(ProductReader reader, JsonMapper json, @Value("${bodega.catalog.cache-size:20000}") int capacity) {
		this.reader = reader;
		this.json = json;
		this.capacity = capacity;
	}

	Optional<Rendered> byId(UUID id) {
		Rendered cached = byId.get(id);
		return cached != null ? Optional.of(cached) : load(id);
	}

	Optional<Rendered> bySlug(String slug) {
		UUID id = idBySlug.get(slug);
		if (id != null) {
			Optional<Rendered> found = byId(id);
			if (found.isPresent() && found.get().slug().equals(slug)) {
				return found;
			}
		}
		return reader.idBySlug(slug).flatMap(this::byId);
	}

	/** Renders without caching: for answers right after a change, inside its transaction. */
	Optional<Rendered> fresh(UUID id) {
		return reader.load(id).map(this::render);
	}

	void evict(UUID id) {
		evictedAt.put(id, clock.incrementAndGet());
		Rendered gone = byId.remove(id);
		if (gone != null) {
			idBySlug.remove(gone.slug(), id);
		}
	}

	void evictAll() {
		clearedAt = clock.incrementAndGet();
		byId.clear();
		idBySlug.clear();
	}

	private Optional<Rendered> load(UUID id) {
		long started = clock.get();
		Optional<Rendered> loaded = fresh(id);
		loaded.ifPresent(rendered -> {
			boolean evictedSince = evictedAt.getOrDefault(id, 0L) > started || clearedAt > started;
			if (!evictedSince) {
				if (byId.size() >= capacity) {
					evictAll();
				}
				byId.put(id, rendered);
				idBySlug.put(rendered.slug(), id);
			}
		});
		return loaded;
	}

	private Rendered render(ProductView view) {
		byte[] body = json.writeValueAsBytes(view);
		return new Rendered(view.id(), view.slug(), view.status(), body, etag(body));
	}

	static String etag(byte[] body) {
		return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Hashes.sha256(body)).substring(0, 27) + "\"";
	}
}

package io.bodega.catalog.product;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.Money;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product cache alone, over a reader of products held in memory, with a small bound
 * and Caffeine's upkeep at once.
 */
class ProductCacheTests {

	private static final long BOUND = 256 * 1024;

	private final FakeReader reader = new FakeReader();

	private final ProductCache cache = new ProductCache(reader, JsonMapper.builder().build(), BOUND, Runnable::run);

	@Test
	void keepsAProductReadOftenWhileManyOthersAreReadOnce() {
		// A cache full of products read once, as on a server that has run a while (so
		// admission weighs frequencies).
		for (int i = 0; i < 200; i++) {
			cache.byId(reader.add("earlier-" + i, 2_000));
		}
		UUID popular = reader.add("popular", 2_000);
		for (int i = 0; i < 20; i++) {
			cache.byId(popular);
		}
		int loaded = reader.loads(popular);

		// 1,000 products of about 2.7 KB read once each: ten times what the cache may
		// hold.
		for (int i = 0; i < 1_000; i++) {
			cache.byId(reader.add("product-" + i, 2_000));
		}
		cache.entries().cleanUp();

		assertThat(weight()).isLessThanOrEqualTo(BOUND);
		assertThat(cache.entries().estimatedSize()).as("products read once were evicted").isLessThan(100);
		assertThat(cache.byId(popular)).isPresent();
		assertThat(cache.bySlug("popular")).isPresent();
		assertThat(reader.loads(popular)).isEqualTo(loaded);
		assertThat(cache.slugsIndexed()).as("the slugs of the evicted products left the index")
			.isEqualTo(cache.entries().estimatedSize());
	}

	@Test
	void weighsAProductAtLeastByItsJsonAndSlug() {
		UUID id = reader.add("weighed", 10_000);
		ProductCache.Rendered rendered = cache.byId(id).orElseThrow();

		assertThat(rendered.body().length).isGreaterThan(10_000);
		assertThat(ProductCache.weight(rendered)).isGreaterThanOrEqualTo(rendered.body().length + "weighed".length());
		assertThat(weight()).isEqualTo(ProductCache.weight(rendered));
	}

	@Test
	void aLoadThatStartedBeforeTheProductWasEvictedIsAnsweredButNotKept() {
		UUID id = reader.add("evicted-while-loading", 100);
		reader.duringNextLoad(() -> cache.evict(id));

		assertThat(cache.byId(id)).isPresent();
		assertThat(cache.byId(id)).isPresent();
		assertThat(cache.byId(id)).isPresent();

		assertThat(reader.loads(id)).as("the first load was not kept, the second was").isEqualTo(2);
	}

	@Test
	void aLoadThatStartedBeforeAllWereDroppedIsAnsweredButNotKept() {
		UUID id = reader.add("dropped-while-loading", 100);
		reader.duringNextLoad(cache::evictAll);

		assertThat(cache.byId(id)).isPresent();
		assertThat(cache.byId(id)).isPresent();
		assertThat(cache.byId(id)).isPresent();

		assertThat(reader.loads(id)).isEqualTo(2);
		assertThat(cache.slugsIndexed()).isEqualTo(1);
	}

	@Test
	void evictingAProductKeepsTheOthersAndForgetsItsSlug() {
		UUID changed = reader.add("changed", 100);
		UUID other = reader.add("other", 100);
		cache.byId(changed);
		cache.byId(other);

		reader.rename(changed, "renamed");
		cache.evict(changed);

		assertThat(cache.bySlug("changed")).as("the old slug").isEmpty();
		assertThat(cache.bySlug("renamed").orElseThrow().id()).isEqualTo(changed);
		assertThat(cache.byId(other)).isPresent();
		assertThat(reader.loads(other)).isEqualTo(1);
		assertThat(reader.loads(changed)).isEqualTo(2);
		assertThat(cache.slugsIndexed()).isEqualTo(2);
	}

	@Test
	void dropsEveryProductAndSlug() {
		UUID a = reader.add("a", 100);
		UUID b = reader.add("b", 100);
		cache.byId(a);
		cache.byId(b);

		cache.evictAll();

		assertThat(cache.slugsIndexed()).isZero();
		cache.bySlug("a");
		cache.byId(b);
		assertThat(reader.loads(a)).isEqualTo(2);
		assertThat(reader.loads(b)).isEqualTo(2);
	}

	private long weight() {
		return cache.entries().policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	/**
	 * Products in memory; counts loads, and can run something in the middle of the next
	 * one.
	 */
	private static final class FakeReader extends ProductReader {

		private final Map<UUID, ProductView> products = new HashMap<>();

		private final Map<UUID, Integer> loads = new HashMap<>();

		private Runnable duringNextLoad = () -> {
		};

		FakeReader() {
			super(null, null, null);
		}

		UUID add(String slug, int descriptionLength) {
			UUID id = UUID.randomUUID();
			Instant now = Instant.now();
			products.put(id, new ProductView(id, slug, "Title", "d".repeat(descriptionLength), "active", List.of(),
					List.of(), new ArrayList<>(), Money.of(100, "EUR"), 1, now, now));
			return id;
		}

		void rename(UUID id, String slug) {
			ProductView p = products.get(id);
			products.put(id, new ProductView(id, slug, p.title(), p.description(), p.status(), p.categories(),
					p.images(), p.variants(), p.price(), p.available(), p.createdAt(), Instant.now()));
		}

		void duringNextLoad(Runnable action) {
			duringNextLoad = action;
		}

		int loads(UUID id) {
			return loads.getOrDefault(id, 0);
		}

		@Override
		Optional<UUID> idBySlug(String slug) {
			return products.values().stream().filter(p -> p.slug().equals(slug)).map(ProductView::id).findFirst();
		}

		@Override
		Optional<ProductView> load(UUID id) {
			loads.merge(id, 1, Integer::sum);
			Optional<ProductView> read = Optional.ofNullable(products.get(id));
			Runnable action = duringNextLoad;
			duringNextLoad = () -> {
			};
			action.run();
			return read;
		}

	}

}

package io.bodega.catalog.search;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;

/**
 * The list cache alone, with a small bound and Caffeine's upkeep run at once on the
 * calling thread.
 */
class ListCacheTests {

	private static final long BOUND = 256 * 1024;

	private final ListCache cache = new ListCache(BOUND, Runnable::run);

	private final Map<String, Integer> loads = new HashMap<>();

	@Test
	void keepsAPageReadOftenWhileABurstOfOneOffQueriesPassesBy() {
		fillWithEarlierAnswers();
		readOften("popular");
		int loaded = loads.get("popular");

		// One-off answers of about 1.7 KB, eight times as many as the cache may hold, the
		// popular page not read meanwhile.
		int oneOffs = (int) (8 * BOUND / 1_700);
		for (int i = 0; i < oneOffs; i++) {
			page("one-off " + i, 1_500);
		}
		cache.entries().cleanUp();

		assertThat(weight()).isLessThanOrEqualTo(BOUND);
		assertThat(cache.entries().estimatedSize()).as("most one-off answers were evicted").isLessThan(oneOffs / 4);
		page("popular", 4_000);
		assertThat(loads.get("popular")).as("loads of the popular page").isEqualTo(loaded);
	}

	@Test
	void aPageReadWhileOneOffQueriesStreamByIsNeverLoadedAgain() {
		fillWithEarlierAnswers();
		readOften("popular");
		int loaded = loads.get("popular");

		// Fifty times as many one-off answers as the cache may hold; every fifth request
		// is for the popular page.
		for (int i = 0; i < 50 * BOUND / 1_700; i++) {
			page("one-off " + i, 1_500);
			if (i % 4 == 0) {
				page("popular", 4_000);
			}
		}
		cache.entries().cleanUp();

		assertThat(loads.get("popular")).isEqualTo(loaded);
		assertThat(weight()).isLessThanOrEqualTo(BOUND);
	}

	@Test
	void keepsWhatIsReadMoreOftenThanThePassingQueriesAndEvictsWhatIsNot() {
		fillWithEarlierAnswers();
		readOften("popular");
		page("rare", 1_500);
		page("rare", 1_500);
		int popularLoads = loads.get("popular");
		int rareLoads = loads.get("rare");
		page("rare", 1_500);
		assertThat(loads.get("rare")).as("the rare page was cached").isEqualTo(rareLoads);

		// Queries asked three times each, eight times as many as the cache may hold;
		// every fourth is followed by a
		// request for the popular page.
		for (int i = 0; i < 8 * BOUND / 1_700; i++) {
			for (int times = 0; times < 3; times++) {
				page("asked thrice " + i, 1_500);
			}
			if (i % 4 == 0) {
				page("popular", 4_000);
			}
		}
		page("popular", 4_000);
		page("rare", 1_500);

		assertThat(loads.get("popular")).isEqualTo(popularLoads);
		assertThat(loads.get("rare")).as("the page read twice gave way").isEqualTo(rareLoads + 1);
	}

	@Test
	void admitsAPageOnceItIsReadMoreOftenThanWhatItWouldEvict() {
		fillWithEarlierAnswers();

		readOften("popular");
		int loaded = loads.get("popular");
		page("popular", 4_000);

		assertThat(loaded).as("a new page may be turned away while it is read no more often than the others")
			.isBetween(1, 5);
		assertThat(loads.get("popular")).isEqualTo(loaded);
	}

	@Test
	void weighsAnEntryAtLeastByItsBytesAndKeepsNoneLargerThanTheBound() {
		assertThat(ListCache.weight("page:q", new byte[10_000])).isGreaterThanOrEqualTo(10_000 + 2 * "page:q".length());
		ProductSearch.Facets one = facets(1);
		ProductSearch.Facets many = facets(50);
		assertThat(ListCache.weight("facets:", many) - ListCache.weight("facets:", one))
			.as("at least the texts of each category")
			.isGreaterThanOrEqualTo(49 * 2 * 40);

		page("huge", (int) BOUND + 1);
		page("huge", (int) BOUND + 1);
		cache.entries().cleanUp();

		assertThat(loads.get("huge")).isEqualTo(2);
		assertThat(weight()).isLessThanOrEqualTo(BOUND);
	}

	@Test
	void dropsEveryAnswerWhenAnyProductChanges() {
		page("a", 100);
		page("b", 100);

		cache.evictAll();
		page("a", 100);
		page("b", 100);

		assertThat(loads).containsExactlyInAnyOrderEntriesOf(Map.of("a", 2, "b", 2));
	}

	@Test
	void anAnswerComputedWhileADropHappenedIsReturnedButNotKept() {
		byte[] stale = new byte[100];
		byte[] answered = cache.get("page", () -> {
			cache.evictAll();
			return stale;
		});
		assertThat(answered).isSameAs(stale);

		byte[] next = page("page", 100);

		assertThat(next).isNotSameAs(stale);
		assertThat(loads.get("page")).isEqualTo(1);
		assertThat(page("page", 100)).isSameAs(next);
	}

	@Test
	void keepsFacetsBesidePages() {
		ProductSearch.Facets facets = facets(3);
		assertThat(cache.get("facets:x", () -> facets)).isSameAs(facets);
		assertThat(cache.<ProductSearch.Facets>get("facets:x", () -> facets(4))).isSameAs(facets);
	}

	private byte[] page(String key, int bytes) {
		return cache.get(key, () -> {
			loads.merge(key, 1, Integer::sum);
			return new byte[bytes];
		});
	}

	/**
	 * A cache full of answers read once, as on a server that has run a while (so
	 * admission weighs frequencies).
	 */
	private void fillWithEarlierAnswers() {
		for (int i = 0; i < 2 * BOUND / 1_700; i++) {
			page("earlier " + i, 1_500);
		}
	}

	private void readOften(String key) {
		for (int i = 0; i < 20; i++) {
			page(key, 4_000);
		}
	}

	private long weight() {
		return cache.entries().policy().eviction().orElseThrow().weightedSize().orElseThrow();
	}

	private static ProductSearch.Facets facets(int categories) {
		List<ProductSearch.CategoryCount> counts = new ArrayList<>();
		for (int i = 0; i < categories; i++) {
			counts
				.add(new ProductSearch.CategoryCount("category-%011d".formatted(i), "Category %011d".formatted(i), i));
		}
		return new ProductSearch.Facets(counts, List.of(new ProductSearch.PriceBand(0, 999L, 1)));
	}

}

package io.bodega.catalog;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Policy;
import io.bodega.catalog.product.Slugs;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import io.bodega.testing.StatementCounter;
import io.bodega.catalog.search.ListCache;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static io.bodega.testing.FieldNames.fields;
import static org.assertj.core.api.Assertions.assertThat;
import java.util.HashMap;

class ShopperCatalogTests extends ApiTest {

	@Autowired
	private ListCache lists;

	private String admin;

	@BeforeEach
	void signIn() {
		admin = adminToken();
	}

	@Test
	void listsActiveProductsWithTheirListShape() {
		String word = uniqueWord();
		JsonNode product = createProduct(admin, productBody("Lantern " + word, List.of(word), 2500, uniqueSku()));
		createProduct(admin, Map.of("title", "Hidden " + word, "status", "draft", "categories", List.of(word),
				"variants", List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 1, "currency", "EUR")))));

		Http.Response answer = http().get("/api/v1/products?category=" + word).send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode items = answer.json().path("items");
		assertThat(items.size()).isEqualTo(1);
		JsonNode item = items.get(0);
		assertThat(item.path("id").asString()).isEqualTo(product.path("id").asString());
		assertThat(item.path("slug").asString()).isEqualTo(product.path("slug").asString());
		assertThat(item.path("title").asString()).isEqualTo("Lantern " + word);
		assertThat(item.path("price").path("amount").asLong()).isEqualTo(2500);
		assertThat(item.path("price").path("currency").asString()).isEqualTo("EUR");
		assertThat(item.path("available").asInt()).isEqualTo(10);
		assertThat(item.has("image")).isTrue();
		assertThat(item.path("categories").toString()).isEqualTo("[\"" + word + "\"]");
		assertThat(answer.json().path("nextCursor").isNull()).isTrue();
	}

	@Test
	void categoryFilterIncludesSubCategories() {
		String word = uniqueWord();
		JsonNode parent = http().post("/api/v1/admin/categories")
			.bearer(admin)
			.json(Map.of("slug", word, "name", "P"))
			.send()
			.json();
		http().post("/api/v1/admin/categories")
			.bearer(admin)
			.json(Map.of("slug", word + "-child", "name", "C", "parentId", parent.path("id").asString()))
			.send();
		createProduct(admin, productBody("In parent " + word, List.of(word), 100, uniqueSku()));
		createProduct(admin, productBody("In child " + word, List.of(word + "-child"), 100, uniqueSku()));

		assertThat(titles("/api/v1/products?category=" + word)).containsExactlyInAnyOrder("In parent " + word,
				"In child " + word);
		assertThat(titles("/api/v1/products?category=" + word + "-child")).containsExactly("In child " + word);
		assertThat(titles("/api/v1/products?category=no-such-category-" + word)).isEmpty();
	}

	@Test
	void filtersOnTheLowestPriceWithInclusiveBoundsAndOnStock() {
		String word = uniqueWord();
		createProduct(admin, productBody("Cheap " + word, List.of(word), 1000, uniqueSku()));
		createProduct(admin, productBody("Middle " + word, List.of(word), 2000, uniqueSku()));
		String soldOut = uniqueSku();
		createProduct(admin, productBody("Dear " + word, List.of(word), 3000, soldOut));
		http().put("/api/v1/admin/inventory/" + soldOut).bearer(admin).json(Map.of("onHand", 0)).send();

		assertThat(titles("/api/v1/products?category=" + word + "&minPrice=1000&maxPrice=2000"))
			.containsExactlyInAnyOrder("Cheap " + word, "Middle " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&minPrice=2001")).containsExactly("Dear " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&inStock=true"))
			.containsExactlyInAnyOrder("Cheap " + word, "Middle " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&inStock=false")).containsExactly("Dear " + word);
	}

	@Test
	void sortsByNewestAndPrice() {
		String word = uniqueWord();
		createProduct(admin, productBody("B " + word, List.of(word), 2000, uniqueSku()));
		createProduct(admin, productBody("C " + word, List.of(word), 3000, uniqueSku()));
		createProduct(admin, productBody("A " + word, List.of(word), 1000, uniqueSku()));

		assertThat(titles("/api/v1/products?category=" + word)).containsExactly("A " + word, "C " + word, "B " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&sort=newest")).containsExactly("A " + word,
				"C " + word, "B " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&sort=price_asc")).containsExactly("A " + word,
				"B " + word, "C " + word);
		assertThat(titles("/api/v1/products?category=" + word + "&sort=price_desc")).containsExactly("C " + word,
				"B " + word, "A " + word);
	}

	@Test
	void searchStemsWeighsTitlesAndMatchesTheLastWordAsAPrefix() {
		String word = uniqueWord();
		createProduct(admin, Map.of("title", "Running jacket " + word, "description", "Light", "variants",
				List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR")))));
		createProduct(admin, Map.of("title", "Plain coat " + word, "description", "Good for runners and jackets",
				"variants", List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR")))));

		assertThat(titles("/api/v1/products?q=" + word + "+runs")).as("stemming: runs, running, runners")
			.containsExactly("Running jacket " + word, "Plain coat " + word);
		assertThat(titles("/api/v1/products?q=" + word + "+jacket")).as("title weighs more than description")
			.containsExactly("Running jacket " + word, "Plain coat " + word);
		assertThat(titles("/api/v1/products?q=" + word.substring(0, 7))).as("prefix while typing").hasSize(2);
		assertThat(titles("/api/v1/products?q=" + word + "+coa")).containsExactly("Plain coat " + word);
		createProduct(admin, productBody("Gadget " + word + "yqq", List.of(), 100, uniqueSku()));
		assertThat(titles("/api/v1/products?q=" + word + "y")).as("a half-typed word whose stem is no prefix")
			.contains("Gadget " + word + "yqq");
		assertThat(http().get("/api/v1/products?q=" + word + "+%26%7C%21%3A*()").send().status())
			.as("tsquery syntax in input is ignored, not an error")
			.isEqualTo(200);
	}

	@Test
	void keysetPagingStaysCorrectWhileProductsAreAdded() {
		String word = uniqueWord();
		for (int i = 0; i < 7; i++) {
			createProduct(admin, productBody("Item " + i + " " + word, List.of(word), 100 * (i + 1), uniqueSku()));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pages = 0;
		do {
			Http.Response page = http()
				.get("/api/v1/products?category=" + word + "&sort=price_asc&limit=3"
						+ (cursor == null ? "" : "&cursor=" + cursor))
				.send();
			assertThat(page.status()).isEqualTo(200);
			page.json().path("items").forEach(item -> seen.add(item.path("title").asString()));
			cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
			if (pages == 0) {
				createProduct(admin, productBody("Cheapest " + word, List.of(word), 1, uniqueSku()));
			}
			pages++;
		}
		while (cursor != null);

		assertThat(pages).isEqualTo(3);
		assertThat(seen).hasSize(7).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(Set.of("Item 0 " + word, "Item 1 " + word, "Item 2 " + word,
				"Item 3 " + word, "Item 4 " + word, "Item 5 " + word, "Item 6 " + word));
	}

	@Test
	void pagesThroughSearchResultsByRelevance() {
		String word = uniqueWord();
		for (int i = 0; i < 5; i++) {
			String title = (i % 2 == 0 ? word + " " + word + " lamp " : "Lamp ") + i;
			createProduct(admin, Map.of("title", title, "description", "About " + word, "variants",
					List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 100, "currency", "EUR")))));
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			Http.Response page = http()
				.get("/api/v1/products?q=" + word + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
				.send();
			assertThat(page.status()).as(page.toString()).isEqualTo(200);
			page.json().path("items").forEach(item -> seen.add(item.path("title").asString()));
			cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asString();
		}
		while (cursor != null);

		assertThat(seen).hasSize(5).doesNotHaveDuplicates();
		assertThat(seen.subList(0, 3)).as("title matches rank first").allMatch(t -> t.startsWith(word));
	}

	@Test
	void forgedOrForeignCursorsAre400() {
		String word = uniqueWord();
		for (int i = 0; i < 3; i++) {
			createProduct(admin, productBody("Paged " + i + " " + word, List.of(word), 100, uniqueSku()));
		}
		String cursor = http().get("/api/v1/products?category=" + word + "&limit=1")
			.send()
			.json()
			.path("nextCursor")
			.asString();
		String tampered = cursor.substring(0, cursor.indexOf('.') - 2) + "AA" + cursor.substring(cursor.indexOf('.'));

		for (String bad : List.of("garbage", tampered, cursor + "x", "a.b", ".")) {
			Http.Response answer = http().get("/api/v1/products?category=" + word + "&cursor=" + bad).send();
			assertThat(answer.status()).as(bad).isEqualTo(400);
			assertThat(fields(answer)).containsExactly("cursor");
		}
		Http.Response otherSort = http().get("/api/v1/products?category=" + word + "&sort=price_asc&cursor=" + cursor)
			.send();
		assertThat(otherSort.status()).as("a cursor of another sort order").isEqualTo(400);
		assertThat(http().get("/api/v1/products?category=" + word + "&cursor=" + cursor).send().status())
			.isEqualTo(200);
	}

	@Test
	void answersFacetsForTheCurrentQuery() {
		String word = uniqueWord();
		createProduct(admin, productBody("Facet A " + word, List.of(word + "-a"), 500, uniqueSku()));
		createProduct(admin, productBody("Facet B " + word, List.of(word + "-a", word + "-b"), 1500, uniqueSku()));
		createProduct(admin, productBody("Facet C " + word, List.of(word + "-b"), 30000, uniqueSku()));

		JsonNode facets = http().get("/api/v1/products?q=" + word).send().json().path("facets");

		Map<String, Long> categories = new HashMap<>();
		facets.path("categories").forEach(c -> categories.put(c.path("slug").asString(), c.path("count").asLong()));
		assertThat(categories).containsExactlyInAnyOrderEntriesOf(Map.of(word + "-a", 2L, word + "-b", 2L));
		List<String> bands = new ArrayList<>();
		facets.path("priceBands").forEach(b -> bands.add(b.path("min").asLong() + ":" + b.path("count").asLong()));
		assertThat(bands).containsExactly("0:1", "1000:1", "25000:1");
		assertThat(http().get("/api/v1/products?q=" + word + "&maxPrice=1000")
			.send()
			.json()
			.path("facets")
			.path("priceBands")
			.size()).isEqualTo(1);
	}

	@Test
	void aListPageRunsTheSameFewStatementsWhateverItsSize() {
		String word = uniqueWord();
		for (int i = 0; i < 12; i++) {
			createProduct(admin, productBody("Counted " + i + " " + word, List.of(word, word + "-x"), 100 + i,
					uniqueSku(), uniqueSku()));
		}
		http().get("/api/v1/products?category=" + word).send();

		int small = StatementCounter.count(() -> http().get("/api/v1/products?category=" + word + "&limit=2").send());
		int large = StatementCounter.count(() -> http().get("/api/v1/products?category=" + word + "&limit=12").send());

		assertThat(small).isEqualTo(large).isLessThanOrEqualTo(2);
	}

	@Test
	void productDetailByIdOrSlugWithEtagAnd304() {
		String sku = uniqueSku();
		JsonNode created = createProduct(admin, productBody("Detail " + uniqueWord(), List.of(), 1234, sku));
		String id = created.path("id").asString();

		Http.Response byId = http().get("/api/v1/products/" + id).send();
		Http.Response bySlug = http().get("/api/v1/products/" + created.path("slug").asString()).send();

		assertThat(byId.status()).isEqualTo(200);
		assertThat(byId.text()).isEqualTo(bySlug.text());
		JsonNode product = byId.json();
		for (String field : List.of("id", "slug", "title", "description", "status", "categories", "images",
				"variants")) {
			assertThat(product.has(field)).as(field).isTrue();
		}
		JsonNode variant = product.path("variants").get(0);
		for (String field : List.of("id", "sku", "title", "options", "price", "available")) {
			assertThat(variant.has(field)).as(field).isTrue();
		}
		String etag = byId.header("ETag").orElseThrow();
		assertThat(byId.header("Cache-Control").orElseThrow()).contains("max-age");

		Http.Response notModified = http().get("/api/v1/products/" + id).header("If-None-Match", etag).send();
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.raw()).isEmpty();
		assertThat(notModified.header("ETag")).hasValue(etag);

		http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json(Map.of("onHand", 3)).send();
		Http.Response changed = http().get("/api/v1/products/" + id).header("If-None-Match", etag).send();
		assertThat(changed.status()).as("a stock change is a new version").isEqualTo(200);
		assertThat(changed.json().path("variants").get(0).path("available").asInt()).isEqualTo(3);
	}

	@Test
	void unknownOrUnpublishedProductsAreNotFound() {
		JsonNode draft = createProduct(admin, Map.of("title", "Draft " + uniqueWord(), "status", "draft", "variants",
				List.of(Map.of("sku", uniqueSku(), "price", Map.of("amount", 1, "currency", "EUR")))));
		for (String path : List.of("/api/v1/products/no-such-product",
				"/api/v1/products/" + draft.path("id").asString(), "/api/v1/products/" + draft.path("slug").asString(),
				"/api/v1/products/01a20cd3-5524-7bae-9e24-000000000000")) {
			Http.Response answer = http().get(path).send();
			assertThat(answer.status()).as(path).isEqualTo(404);
			assertThat(answer.code()).isEqualTo("not_found");
		}
	}

	@Test
	void aChangeMadeOnAnotherNodeReachesTheCaches() throws Exception {
		String word = uniqueWord();
		JsonNode created = createProduct(admin, productBody("Cached " + word, List.of(word), 100, uniqueSku()));
		String id = created.path("id").asString();
		http().get("/api/v1/products/" + id).send();
		assertThat(titles("/api/v1/products?category=" + word)).containsExactly("Cached " + word);

		// Another node: it changes the row and announces it, as CatalogChanges does,
		// without touching this node.
		jdbc.sql("update products set title = 'Changed elsewhere' where id = ?::uuid").param(id).update();
		jdbc.sql("select pg_notify('bodega_catalog', ?)").param(id).query(Object.class).optional();

		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(http().get("/api/v1/products/" + id).send().json().path("title").asString())
				.isEqualTo("Changed elsewhere"));
		assertThat(titles("/api/v1/products?category=" + word)).as("cached lists are dropped too")
			.containsExactly("Changed elsewhere");
	}

	@Test
	void listsShowAChangeAtOnce() {
		String word = uniqueWord();
		String sku = uniqueSku();
		createProduct(admin, productBody("Listed " + word, List.of(word), 100, sku));
		assertThat(titles("/api/v1/products?category=" + word + "&inStock=true")).hasSize(1);

		http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json(Map.of("onHand", 0)).send();

		assertThat(titles("/api/v1/products?category=" + word + "&inStock=true")).isEmpty();
	}

	@Test
	void oneOffSearchesDoNotEvictAPageReadOften() {
		String word = uniqueWord();
		createProduct(admin, productBody("Popular " + word, List.of(word), 100, uniqueSku()));
		String popular = "/api/v1/products?category=" + word;
		// A small bound for this test, so that a few hundred one-off searches are several
		// times what the cache holds.
		Policy.Eviction<String, ?> bound = lists.entries().policy().eviction().orElseThrow();
		long configured = bound.getMaximum();
		bound.setMaximum(64 * 1024);
		try {
			oneOffSearches(100);
			for (int i = 0; i < 20; i++) {
				http().get(popular).send();
			}
			assertThat(StatementCounter.count(() -> http().get(popular).send())).as("the popular page is cached")
				.isZero();

			oneOffSearches(400);
			lists.entries().cleanUp();

			assertThat(StatementCounter.count(() -> http().get(popular).send()))
				.as("SQL statements for the popular page after 400 one-off searches")
				.isZero();
			assertThat(bound.weightedSize().orElseThrow()).isLessThanOrEqualTo(64 * 1024);
			assertThat(lists.entries().estimatedSize()).as("one-off answers were evicted").isLessThan(400);
		}
		finally {
			bound.setMaximum(configured);
		}
	}

	@Test
	void theCachesReportToPrometheus() {
		http().get("/api/v1/products?q=" + uniqueWord()).send();

		String metrics = http().get("/actuator/prometheus").bearer(METRICS_TOKEN).send().text();

		for (String cache : List.of("catalog.lists", "catalog.products")) {
			assertThat(metrics).containsPattern("cache_gets_total\\{[^}]*cache=\"" + cache + "\"")
				.containsPattern("cache_evictions_total\\{[^}]*cache=\"" + cache + "\"")
				.containsPattern("cache_weight_bytes\\{[^}]*cache=\"" + cache + "\"");
		}
	}

	/** Searches for words nobody else asks for: each answer is new to the list cache. */
	private void oneOffSearches(int count) {
		for (int i = 0; i < count; i++) {
			assertThat(http().get("/api/v1/products?q=" + uniqueWord()).send().status()).isEqualTo(200);
		}
	}

	@Test
	void listsCategories() {
		String word = uniqueWord();
		createProduct(admin, productBody("Categorised " + word, List.of(word + "-lamps"), 100, uniqueSku()));

		Http.Response answer = http().get("/api/v1/categories").send();

		assertThat(answer.status()).isEqualTo(200);
		JsonNode lamps = null;
		for (JsonNode category : answer.json().path("items")) {
			if (category.path("slug").asString().equals(word + "-lamps")) {
				lamps = category;
			}
		}
		assertThat(lamps).isNotNull();
		assertThat(lamps.path("name").asString()).isEqualTo(Slugs.toName(word + "-lamps"));
		assertThat(lamps.has("id")).isTrue();
		assertThat(lamps.has("parentId")).isTrue();
	}

	@Test
	void namesEveryBadListParameter() {
		Http.Response answer = http().get("/api/v1/products?limit=0&minPrice=-1&maxPrice=abc&sort=cheapest").send();
		assertThat(answer.status()).isEqualTo(400);
		assertThat(fields(answer)).containsExactlyInAnyOrder("limit", "minPrice", "maxPrice", "sort");
		for (String query : List.of("limit=101", "minPrice=1.5", "sort=cheapest", "inStock=maybe",
				"minPrice=500&maxPrice=100", "q=" + "a".repeat(201))) {
			Http.Response bad = http().get("/api/v1/products?" + query).send();
			assertThat(bad.status()).as(query).isEqualTo(400);
			assertThat(bad.code()).isEqualTo("validation_failed");
		}
	}

	private List<String> titles(String path) {
		Http.Response answer = http().get(path).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		List<String> titles = new ArrayList<>();
		answer.json().path("items").forEach(item -> titles.add(item.path("title").asString()));
		return titles;
	}

}

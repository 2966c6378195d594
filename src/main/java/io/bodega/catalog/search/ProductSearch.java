package io.bodega.catalog.search;

import io.bodega.catalog.config.CatalogProperties;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import io.bodega.shared.Money;
import io.bodega.shared.db.QueryPlans;
import io.bodega.shared.web.Cursors;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import java.util.Comparator;

/**
 * Product lists: full-text search (English stemming, title weighted above description,
 * the last word matched as a prefix), filters, four sort orders and keyset paging. A page
 * costs one statement, the facets of the first page one more, however many items there
 * are.
 */
@Component
public class ProductSearch {

	/** The page sizes a list accepts, as a pattern: 1 to 100. */
	public static final String LIMIT = "[1-9]|[1-9][0-9]|100";

	/**
	 * The page size a list's {@code limit} asks for (checked by {@link #LIMIT}), 20 by
	 * default.
	 */
	public static int pageSize(@Nullable String limit) {
		return limit == null ? 20 : Integer.parseInt(limit);
	}

	public record Query(String q, String category, Long minPrice, Long maxPrice, Boolean inStock, String sort,
			int limit, String cursor, String status) {
	}

	@Schema(name = "ProductSummary")
	record Item(UUID id, String slug, String title, Money price, int available, @Nullable Image image,
			List<String> categories) {
	}

	@Schema(name = "ProductThumbnail")
	record Image(String url) {
	}

	@Schema(name = "CategoryCount")
	record CategoryCount(String slug, String name, long count) {
	}

	@Schema(name = "PriceBand")
	record PriceBand(long min, @Nullable Long max, long count) {
	}

	@Schema(name = "Facets")
	record Facets(List<CategoryCount> categories, List<PriceBand> priceBands) {
	}

	@Schema(name = "ProductPage")
	public record Page(List<Item> items, @Nullable String nextCursor, @Nullable Facets facets) {
	}

	/**
	 * Price bands of the facets, in minor units: [0, 10.00), [10.00, 25.00), ... [250.00,
	 * ∞).
	 */
	static final long[] BANDS = { 0, 1_000, 2_500, 5_000, 10_000, 25_000 };

	private final JdbcClient jdbc;

	private final Cursors cursors;

	private final String currency;

	private final ListCache cache;

	private final JsonMapper json;

	private final TransactionTemplate tx;

	ProductSearch(JdbcClient jdbc, Cursors cursors, CatalogProperties properties, ListCache cache, JsonMapper json,
			PlatformTransactionManager transactions) {
		this.json = json;
		this.tx = new TransactionTemplate(transactions);
		this.jdbc = jdbc;
		this.cursors = cursors;
		this.currency = properties.currency();
		this.cache = cache;
	}

	/**
	 * A page of products as JSON; answers are cached until any product changes (see
	 * {@link ListCache}).
	 */
	public byte[] searchJson(Query query) {
		return cache.get("page:" + query, () -> json.writeValueAsBytes(tx.execute(status -> {
			// How many products a word or a price range matches decides the best plan.
			QueryPlans.planAfresh(jdbc);
			return load(query);
		})));
	}

	private Page load(Query query) {
		TextQuery tsQuery = query.q() == null ? null : TextQuery.of(query.q());
		SearchSort sort = SearchSort.of(query.sort(), tsQuery != null);
		List<String> after = query.cursor() == null ? null : cursors.decode(sort.cursorKind(), query.cursor());
		SearchFilter filter = SearchFilter.of(query, tsQuery);
		List<Row> rows = rows(filter, sort, after, query.limit());
		String next = null;
		if (rows.size() > query.limit()) {
			rows = rows.subList(0, query.limit());
			next = cursors.encode(sort.cursorKind(), sort.position(rows.getLast()));
		}
		List<Item> items = rows.stream()
			.map(r -> new Item(r.id(), r.slug(), r.title(),
					r.minPrice() == null ? null : Money.of(r.minPrice(), currency), r.available(),
					r.image() == null ? null : new Image("/media/" + r.image()), r.categories()))
			.toList();
		Facets facets = query.cursor() == null ? cache.get("facets:" + filter.key(), () -> facets(filter)) : null;
		return new Page(items, next, facets);
	}

	/**
	 * A page of rows and one more (to tell whether another page follows). The page is
	 * chosen first on the products table alone; the extras of each item are then read for
	 * the page's rows only, whatever the number of matches.
	 */
	private List<Row> rows(SearchFilter filter, SearchSort sort, List<String> after, int limit) {
		TextQuery tsQuery = filter.tsQuery();
		String rank = tsQuery == null ? "0::real" : "ts_rank_cd(p.search, tq.query)";
		String sql = """
				with recursive chosen(id) as (
				  select id from categories where slug = :category
				  union select c.id from categories c join chosen on c.parent_id = chosen.id)
				select p.id, p.slug, p.title, p.min_price, p.created_at, p.rank,
				  (select coalesce(sum(v.available), 0) from variants v where v.product_id = p.id) as available,
				  (select i.content_hash || '.' || i.extension from product_images i
				     where i.product_id = p.id order by i.position, i.created_at limit 1) as image,
				  (select coalesce(array_agg(c.slug order by c.slug), '{}') from product_categories pc
				     join categories c on c.id = pc.category_id where pc.product_id = p.id) as categories
				from (
				  select p.id, p.slug, p.title, p.min_price, p.created_at, %s as rank
				  from products p, (select %s as query) tq
				  where %s %s
				  order by %s
				  limit :limit) p
				order by %s""".formatted(rank, tsQuery == null ? "cast('' as tsquery)" : TextQuery.SQL,
				filter.where().replace("{tsquery}", "tq.query"),
				after == null ? "" : "and " + sort.keyset().replace("{rank}", rank), sort.order("p."),
				sort.order("p."));
		var statement = filter.bind(jdbc.sql(sql)).param("limit", limit + 1);
		if (after != null) {
			statement = sort.bindKeyset(statement, after);
		}
		return statement
			.query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("title"),
					(Long) rs.getObject("min_price"), rs.getTimestamp("created_at").toInstant(), rs.getFloat("rank"),
					rs.getInt("available"), rs.getString("image"),
					Arrays.asList((String[]) rs.getArray("categories").getArray())))
			.list();
	}

	record Row(UUID id, String slug, String title, Long minPrice, Instant createdAt, float rank, int available,
			String image, List<String> categories) {
	}

	private Facets facets(SearchFilter filter) {
		StringBuilder bands = new StringBuilder("case");
		for (int i = BANDS.length - 1; i >= 0; i--) {
			bands.append(" when p.min_price >= ").append(BANDS[i]).append(" then ").append(i);
		}
		bands.append(" end");
		String sql = """
				with recursive chosen(id) as (
				  select id from categories where slug = :category
				  union select c.id from categories c join chosen on c.parent_id = chosen.id),
				matched as (select p.id, p.min_price, %s as band from products p where %s)
				select 'category' as kind, c.slug as key, c.name as name, count(*) as n
				from matched m join product_categories pc on pc.product_id = m.id join categories c on c.id = pc.category_id
				group by c.slug, c.name
				union all
				select 'band', band::text, null, count(*) from matched where band is not null group by band
				"""
			.formatted(bands, filter.where().replace("{tsquery}", TextQuery.SQL));
		record FacetRow(String kind, String key, String name, long n) {
		}
		List<FacetRow> rows = filter.bind(jdbc.sql(sql)).query(FacetRow.class).list();
		List<CategoryCount> categories = rows.stream()
			.filter(r -> r.kind().equals("category"))
			.map(r -> new CategoryCount(r.key(), r.name(), r.n()))
			.sorted(Comparator.comparingLong(CategoryCount::count).reversed().thenComparing(CategoryCount::slug))
			.toList();
		List<PriceBand> priceBands = rows.stream().filter(r -> r.kind().equals("band")).map(r -> {
			int band = Integer.parseInt(r.key());
			return new PriceBand(BANDS[band], band + 1 < BANDS.length ? BANDS[band + 1] - 1 : null, r.n());
		}).sorted(Comparator.comparingLong(PriceBand::min)).toList();
		return new Facets(categories, priceBands);
	}

}

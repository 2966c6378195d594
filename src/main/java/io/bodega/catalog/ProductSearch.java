package io.bodega.catalog;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.bodega.shared.Money;
import io.bodega.shared.ValidationFailed;
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
class ProductSearch {

	enum Sort {

		RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC;

		static Sort parse(String value) {
			try {
				return valueOf(value.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException e) {
				throw new ValidationFailed("sort", "must be one of relevance, newest, price_asc, price_desc");
			}
		}

	}

	record Query(String q, String category, Long minPrice, Long maxPrice, Boolean inStock, String sort, int limit,
			String cursor, String status) {
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
	record Page(List<Item> items, @Nullable String nextCursor, @Nullable Facets facets) {
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
	byte[] searchJson(Query query) {
		return cache.get("page:" + query, () -> json.writeValueAsBytes(tx.execute(status -> {
			// How many products a word or a price range matches decides the best plan.
			QueryPlans.planAfresh(jdbc);
			return load(query);
		})));
	}

	private Page load(Query query) {
		TextQuery tsQuery = query.q() == null ? null : TextQuery.of(query.q());
		Sort sort = query.sort() != null ? Sort.parse(query.sort()) : (tsQuery != null ? Sort.RELEVANCE : Sort.NEWEST);
		if (sort == Sort.RELEVANCE && tsQuery == null) {
			sort = Sort.NEWEST;
		}
		String kind = "products:" + sort.name().toLowerCase(Locale.ROOT);
		List<String> after = query.cursor() == null ? null : cursors.decode(kind, query.cursor());

		Filter filter = filter(query, tsQuery);
		String rank = tsQuery == null ? "0::real" : "ts_rank_cd(p.search, tq.query)";
		// The page is chosen first on the products table alone; the extras of each item
		// are then read for the
		// page's rows only, whatever the number of matches.
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
				after == null ? "" : "and " + keyset(sort).replace("{rank}", rank), order(sort, "p."),
				order(sort, "p."));

		var statement = filter.bind(jdbc.sql(sql)).param("limit", query.limit() + 1);
		if (after != null) {
			statement = bindKeyset(statement, sort, after);
		}
		List<Row> rows = statement
			.query((rs, n) -> new Row(rs.getObject("id", UUID.class), rs.getString("slug"), rs.getString("title"),
					(Long) rs.getObject("min_price"), rs.getTimestamp("created_at").toInstant(), rs.getFloat("rank"),
					rs.getInt("available"), rs.getString("image"),
					Arrays.asList((String[]) rs.getArray("categories").getArray())))
			.list();

		String next = null;
		if (rows.size() > query.limit()) {
			rows = rows.subList(0, query.limit());
			next = cursors.encode(kind, position(sort, rows.getLast()));
		}
		List<Item> items = rows.stream()
			.map(r -> new Item(r.id(), r.slug(), r.title(),
					r.minPrice() == null ? null : Money.of(r.minPrice(), currency), r.available(),
					r.image() == null ? null : new Image("/media/" + r.image()), r.categories()))
			.toList();
		Facets facets = query.cursor() == null ? cache.get("facets:" + filter.key(), () -> facets(filter)) : null;
		return new Page(items, next, facets);
	}

	private record Row(UUID id, String slug, String title, Long minPrice, Instant createdAt, float rank, int available,
			String image, List<String> categories) {
	}

	/** The WHERE clause and its parameters, shared by the page and its facets. */
	private record Filter(String where, Query query, TextQuery tsQuery) {

		String key() {
			return String.join("|", tsQuery == null ? "" : tsQuery.head() + "/" + tsQuery.last(),
					String.valueOf(query.category()), String.valueOf(query.minPrice()),
					String.valueOf(query.maxPrice()), String.valueOf(query.inStock()), String.valueOf(query.status()));
		}

		JdbcClient.StatementSpec bind(JdbcClient.StatementSpec spec) {
			return spec.param("category", query.category())
				.param("tsq_head", tsQuery == null ? null : tsQuery.head())
				.param("tsq_last", tsQuery == null ? null : tsQuery.last())
				.param("min", query.minPrice())
				.param("max", query.maxPrice())
				.param("status", query.status());
		}
	}

	private static Filter filter(Query query, TextQuery tsQuery) {
		List<String> where = new ArrayList<>();
		where.add(query.status() == null ? "true" : "p.status = :status");
		if (tsQuery != null) {
			where.add("p.search @@ {tsquery}");
		}
		if (query.category() != null) {
			where.add(
					"p.id in (select pc.product_id from product_categories pc join chosen on chosen.id = pc.category_id)");
		}
		if (query.minPrice() != null) {
			where.add("p.min_price >= :min");
		}
		if (query.maxPrice() != null) {
			where.add("p.min_price <= :max");
		}
		if (Boolean.TRUE.equals(query.inStock())) {
			where.add("exists (select 1 from variants v where v.product_id = p.id and v.available > 0)");
		}
		else if (Boolean.FALSE.equals(query.inStock())) {
			where.add("not exists (select 1 from variants v where v.product_id = p.id and v.available > 0)");
		}
		return new Filter(String.join(" and ", where), query, tsQuery);
	}

	private Facets facets(Filter filter) {
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

	private static String order(Sort sort, String table) {
		return switch (sort) {
			case RELEVANCE -> "rank desc, " + table + "id desc";
			case NEWEST -> table + "created_at desc, " + table + "id desc";
			case PRICE_ASC -> table + "min_price asc, " + table + "id asc";
			case PRICE_DESC -> table + "min_price desc, " + table + "id desc";
		};
	}

	/**
	 * The keyset condition on the products table; {@code {rank}} stands for the rank
	 * expression.
	 */
	private static String keyset(Sort sort) {
		return switch (sort) {
			case RELEVANCE -> "({rank}, p.id) < (:after_rank, :after_id)";
			case NEWEST -> "(p.created_at, p.id) < (:after_at, :after_id)";
			case PRICE_ASC -> "(p.min_price, p.id) > (:after_price, :after_id)";
			case PRICE_DESC -> "(p.min_price, p.id) < (:after_price, :after_id)";
		};
	}

	private static List<String> position(Sort sort, Row last) {
		return switch (sort) {
			case RELEVANCE -> List.of(Float.toString(last.rank()), last.id().toString());
			case NEWEST -> List.of(last.createdAt().toString(), last.id().toString());
			case PRICE_ASC, PRICE_DESC ->
				List.of(Long.toString(last.minPrice() == null ? 0 : last.minPrice()), last.id().toString());
		};
	}

	private static JdbcClient.StatementSpec bindKeyset(JdbcClient.StatementSpec spec, Sort sort, List<String> after) {
		try {
			if (after.size() != 2) {
				throw new IllegalArgumentException();
			}
			spec = spec.param("after_id", UUID.fromString(after.get(1)));
			return switch (sort) {
				case RELEVANCE -> spec.param("after_rank", Float.parseFloat(after.get(0)));
				case NEWEST -> spec.param("after_at", Timestamp.from(Instant.parse(after.get(0))));
				case PRICE_ASC, PRICE_DESC -> spec.param("after_price", Long.parseLong(after.get(0)));
			};
		}
		catch (RuntimeException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
		}
	}

	/**
	 * What a shopper typed, as a full-text query: words of letters and digits (at most
	 * 8), all required, the last one a prefix so results appear while typing. The
	 * finished words are stemmed (English); the last one is matched both stemmed and as
	 * typed, because the stem of a half-typed word is often not a prefix of the whole
	 * word's stem ("zqxyzaby" stems to "zqxyzabi"). Anything else in the input is
	 * ignored, so no input is a syntax error.
	 */
	record TextQuery(String head, String last) {

		static final String SQL = "(to_tsquery('english', :tsq_head) && (to_tsquery('english', :tsq_last) "
				+ "|| to_tsquery('simple', :tsq_last)))";

		static TextQuery of(String q) {
			List<String> words = new ArrayList<>();
			for (String word : q.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
				if (!word.isEmpty() && words.size() < 8) {
					words.add(word.length() > 50 ? word.substring(0, 50) : word);
				}
			}
			if (words.isEmpty()) {
				return null;
			}
			return new TextQuery(String.join(" & ", words.subList(0, words.size() - 1)), words.getLast() + ":*");
		}
	}

}

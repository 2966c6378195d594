package io.bodega.catalog.search;

import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The WHERE clause of a product list and its parameters, shared by the page and its
 * facets; {@code {tsquery}} stands for the text query's expression.
 */
record SearchFilter(String where, ProductSearch.Query query, TextQuery tsQuery) {

	static SearchFilter of(ProductSearch.Query query, TextQuery tsQuery) {
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
		return new SearchFilter(String.join(" and ", where), query, tsQuery);
	}

	/** The key of the facets this filter matches in the list cache. */
	String key() {
		return String.join("|", tsQuery == null ? "" : tsQuery.head() + "/" + tsQuery.last(),
				String.valueOf(query.category()), String.valueOf(query.minPrice()), String.valueOf(query.maxPrice()),
				String.valueOf(query.inStock()), String.valueOf(query.status()));
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

package io.bodega.catalog.search;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import io.bodega.shared.ValidationFailed;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The sort orders of product lists, each with its keyset: the condition that continues a
 * page after its last item, and the position a cursor carries.
 */
enum SearchSort {

	RELEVANCE, NEWEST, PRICE_ASC, PRICE_DESC;

	/**
	 * The order asked for, or relevance for a text search and newest otherwise; relevance
	 * without text is newest.
	 */
	static SearchSort of(String value, boolean textSearch) {
		SearchSort sort = value != null ? parse(value) : (textSearch ? RELEVANCE : NEWEST);
		return sort == RELEVANCE && !textSearch ? NEWEST : sort;
	}

	static SearchSort parse(String value) {
		try {
			return valueOf(value.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException e) {
			throw new ValidationFailed("sort", "must be one of relevance, newest, price_asc, price_desc");
		}
	}

	/** The cursor kind, so a cursor of one order is refused by another. */
	String cursorKind() {
		return "products:" + name().toLowerCase(Locale.ROOT);
	}

	String order(String table) {
		return switch (this) {
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
	String keyset() {
		return switch (this) {
			case RELEVANCE -> "({rank}, p.id) < (:after_rank, :after_id)";
			case NEWEST -> "(p.created_at, p.id) < (:after_at, :after_id)";
			case PRICE_ASC -> "(p.min_price, p.id) > (:after_price, :after_id)";
			case PRICE_DESC -> "(p.min_price, p.id) < (:after_price, :after_id)";
		};
	}

	List<String> position(ProductSearch.Row last) {
		return switch (this) {
			case RELEVANCE -> List.of(Float.toString(last.rank()), last.id().toString());
			case NEWEST -> List.of(last.createdAt().toString(), last.id().toString());
			case PRICE_ASC, PRICE_DESC ->
				List.of(Long.toString(last.minPrice() == null ? 0 : last.minPrice()), last.id().toString());
		};
	}

	JdbcClient.StatementSpec bindKeyset(JdbcClient.StatementSpec spec, List<String> after) {
		try {
			if (after.size() != 2) {
				throw new IllegalArgumentException();
			}
			JdbcClient.StatementSpec bound = spec.param("after_id", UUID.fromString(after.get(1)));
			return switch (this) {
				case RELEVANCE -> bound.param("after_rank", Float.parseFloat(after.get(0)));
				case NEWEST -> bound.param("after_at", Timestamp.from(Instant.parse(after.get(0))));
				case PRICE_ASC, PRICE_DESC -> bound.param("after_price", Long.parseLong(after.get(0)));
			};
		}
		catch (RuntimeException e) {
			throw new ValidationFailed("cursor", "is not a valid cursor for this list; start again without it");
		}
	}

}

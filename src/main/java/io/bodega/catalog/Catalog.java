package io.bodega.catalog;

import io.bodega.catalog.config.CatalogProperties;

import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The catalog facade for other modules: what a SKU is and what it costs right now. */
@Service
public class Catalog {

	/**
	 * A variant that can be put in a cart: its current price, and whether its product is
	 * on sale.
	 */
	public record Purchasable(String sku, UUID productId, String productTitle, String variantTitle, Money price,
			boolean active) {

		/** The name a cart or order line shows, such as "Trail Tee (M / red)". */
		public String displayTitle() {
			return variantTitle.isBlank() ? productTitle : productTitle + " (" + variantTitle + ")";
		}
	}

	private final JdbcClient jdbc;

	private final String currency;

	Catalog(JdbcClient jdbc, CatalogProperties properties) {
		this.jdbc = jdbc;
		this.currency = properties.currency();
	}

	/** The shop's currency (ISO 4217): every price, cart and order is in it. */
	public String currency() {
		return this.currency;
	}

	/**
	 * The purchasables among these SKUs, in one query; unknown SKUs are simply absent.
	 */
	public Map<String, Purchasable> purchasables(Collection<String> skus) {
		if (skus.isEmpty()) {
			return Map.of();
		}
		return jdbc.sql("""
				select v.sku, p.id, p.title, v.title, v.price_amount, v.currency, p.status = 'active'
				from variants v join products p on p.id = v.product_id where v.sku = any(?)""")
			.param(skus.toArray(String[]::new))
			.query((rs, n) -> new Purchasable(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getString(4), Money.of(rs.getLong(5), rs.getString(6)), rs.getBoolean(7)))
			.list()
			.stream()
			.collect(Collectors.toMap(Purchasable::sku, p -> p));
	}

	/**
	 * The product of each of these SKUs, whatever its status, in one query; unknown SKUs
	 * are absent.
	 */
	public Map<String, UUID> productsOf(Collection<String> skus) {
		Map<String, UUID> products = new HashMap<>();
		jdbc.sql("select sku, product_id from variants where sku = any(?)")
			.param(skus.toArray(String[]::new))
			.query((rs, n) -> products.put(rs.getString(1), rs.getObject(2, UUID.class)))
			.list();
		return products;
	}

	/**
	 * Whether the product is on sale: shown by the public catalog (active), as opposed to
	 * a draft or archived one.
	 */
	public boolean isPublic(UUID productId) {
		return jdbc.sql("select exists (select 1 from products where id = ? and status = 'active')")
			.param(productId)
			.query(Boolean.class)
			.single();
	}

	public Optional<Purchasable> purchasable(String sku) {
		return jdbc.sql("""
				select v.sku, p.id, p.title, v.title, v.price_amount, v.currency, p.status = 'active'
				from variants v join products p on p.id = v.product_id where v.sku = ?""")
			.param(sku)
			.query((rs, n) -> new Purchasable(rs.getString(1), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getString(4), Money.of(rs.getLong(5), rs.getString(6)), rs.getBoolean(7)))
			.optional();
	}

}

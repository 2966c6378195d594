package io.bodega.catalog.admin;

import io.bodega.catalog.config.CatalogProperties;
import io.bodega.catalog.product.ProductCache;
import io.bodega.catalog.product.ProductChangeRecorder;
import io.bodega.catalog.product.ProductRows;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.bodega.catalog.product.Slugs;
import io.bodega.catalog.media.MediaStore;
import io.bodega.inventory.Inventory;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.PreconditionFailed;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What shop admins do to a product, its variants and its images. Each change runs in one
 * transaction that also records it ({@link ProductChangeRecorder}: audit entry, cache
 * announcement, event); a failure anywhere leaves nothing half-written.
 */
@Service
class ProductEditing {

	record NewVariant(String sku, String title, Map<String, String> options, Money price, Integer stock) {
	}

	record NewProduct(String title, String slug, String description, String status, List<String> categories,
			List<NewVariant> variants) {

		/** Every price in the shop's currency, and no SKU twice. */
		void check(String currency) {
			List<FieldError> errors = new ArrayList<>();
			for (int i = 0; i < variants.size(); i++) {
				if (!currency.equals(variants.get(i).price().currency())) {
					errors.add(new FieldError("variants[" + i + "].price.currency",
							"must be the shop currency " + currency));
				}
			}
			if (!errors.isEmpty()) {
				throw new ValidationFailed(errors);
			}
			Set<String> seen = new HashSet<>();
			for (int i = 0; i < variants.size(); i++) {
				if (!seen.add(variants.get(i).sku())) {
					throw new ValidationFailed("variants[" + i + "].sku", "appears twice in this product");
				}
			}
		}

	}

	record ProductChanges(String title, String slug, String description, String status, List<String> categories) {
	}

	record VariantChanges(String title, Map<String, String> options, Money price) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ProductRows rows;

	private final ProductCache cache;

	private final ProductChangeRecorder recorder;

	private final Inventory inventory;

	private final String currency;

	ProductEditing(JdbcClient jdbc, JsonMapper json, ProductRows rows, ProductCache cache,
			ProductChangeRecorder recorder, Inventory inventory, CatalogProperties properties) {
		this.jdbc = jdbc;
		this.json = json;
		this.rows = rows;
		this.cache = cache;
		this.recorder = recorder;
		this.inventory = inventory;
		this.currency = properties.currency();
	}

	@Transactional
	ProductCache.Rendered create(NewProduct product, CurrentUser actor) {
		product.check(currency);
		UUID id = Ids.newId();
		String slug = product.slug() != null ? product.slug() : rows.freeSlug(Slugs.of(product.title(), 100));
		try {
			rows.insert(new ProductRows.ProductRow(id, slug, product.title().strip(),
					product.description() == null ? "" : product.description(),
					product.status() == null ? "active" : product.status()));
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("A product with slug " + slug + " already exists");
		}
		rows.link(id, product.categories() == null ? List.of() : product.categories());
		int position = 0;
		for (NewVariant variant : product.variants()) {
			insertVariant(id, variant, position++);
		}
		rows.refreshMinPrice(id);
		return recorder.changed(id, actor, "product.create", null);
	}

	@Transactional
	ProductCache.Rendered update(UUID id, ProductChanges update, String ifMatch, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		try {
			jdbc.sql("""
					update products set title = coalesce(:title, title), slug = coalesce(:slug, slug),
					  description = coalesce(:description, description), status = coalesce(:status, status),
					  updated_at = now()
					where id = :id""")
				.param("title", update.title() == null ? null : update.title().strip())
				.param("slug", update.slug())
				.param("description", update.description())
				.param("status", update.status())
				.param("id", id)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("A product with slug " + update.slug() + " already exists");
		}
		if (update.categories() != null) {
			rows.unlink(id);
			rows.link(id, update.categories());
		}
		return recorder.changed(id, actor, "product.update", before);
	}

	/**
	 * Archives: gone from the public catalog, kept for past orders. Archiving twice
	 * changes nothing.
	 */
	@Transactional
	void archive(UUID id, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, null);
		if (!"archived".equals(before.status())) {
			jdbc.sql("update products set status = 'archived', updated_at = now() where id = ?").param(id).update();
			recorder.changed(id, actor, "product.archive", before);
		}
	}

	@Transactional
	ProductCache.Rendered addVariant(UUID id, NewVariant variant, String ifMatch, CurrentUser actor) {
		return edit(id, ifMatch, actor, "variant.create", () -> {
			checkCurrency(variant.price(), "price");
			int position = jdbc.sql("select coalesce(max(position) + 1, 0) from variants where product_id = ?")
				.param(id)
				.query(Integer.class)
				.single();
			insertVariant(id, variant, position);
			rows.refreshMinPrice(id);
		});
	}

	@Transactional
	ProductCache.Rendered changeVariant(UUID id, UUID variantId, VariantChanges update, String ifMatch,
			CurrentUser actor) {
		return edit(id, ifMatch, actor, "variant.update", () -> {
			if (update.price() != null) {
				checkCurrency(update.price(), "price");
			}
			int updated = jdbc
				.sql("""
						update variants set title = coalesce(:title, title),
						  options = coalesce(cast(:options as jsonb), options), price_amount = coalesce(:amount, price_amount)
						where id = :variant and product_id = :product""")
				.param("title", update.title())
				.param("options", update.options() == null ? null : json.writeValueAsString(update.options()))
				.param("amount", update.price() == null ? null : update.price().amount())
				.param("variant", variantId)
				.param("product", id)
				.update();
			if (updated == 0) {
				throw new NotFound("The variant");
			}
			rows.refreshMinPrice(id);
		});
	}

	@Transactional
	ProductCache.Rendered removeVariant(UUID id, UUID variantId, String ifMatch, CurrentUser actor) {
		return edit(id, ifMatch, actor, "variant.delete", () -> {
			String sku = jdbc.sql("select sku from variants where id = :variant and product_id = :product")
				.param("variant", variantId)
				.param("product", id)
				.query(String.class)
				.optional()
				.orElseThrow(() -> new NotFound("The variant"));
			long count = jdbc.sql("select count(*) from variants where product_id = ?")
				.param(id)
				.query(Long.class)
				.single();
			if (count == 1) {
				throw new Conflict("A product keeps at least one variant; archive the product instead");
			}
			inventory.untrack(sku);
			jdbc.sql("delete from variants where id = ?").param(variantId).update();
			rows.refreshMinPrice(id);
		});
	}

	@Transactional
	ProductCache.Rendered addImage(UUID id, MediaStore.Stored image, String ifMatch, CurrentUser actor) {
		return edit(id, ifMatch, actor, "image.create", () -> jdbc
			.sql("""
					insert into product_images (id, product_id, content_hash, extension, content_type, width, height, position)
					values (:id, :product, :hash, :ext, :type, :width, :height,
					        (select coalesce(max(position) + 1, 0) from product_images where product_id = :product))""")
			.param("id", Ids.newId())
			.param("product", id)
			.param("hash", image.hash())
			.param("ext", image.extension())
			.param("type", image.contentType())
			.param("width", image.width())
			.param("height", image.height())
			.update());
	}

	@Transactional
	ProductCache.Rendered removeImage(UUID id, UUID imageId, String ifMatch, CurrentUser actor) {
		return edit(id, ifMatch, actor, "image.delete", () -> {
			int removed = jdbc.sql("delete from product_images where id = :image and product_id = :product")
				.param("image", imageId)
				.param("product", id)
				.update();
			if (removed == 0) {
				throw new NotFound("The image");
			}
		});
	}

	/**
	 * One change of a product's parts (variants, images): locked and checked against the
	 * caller's {@code If-Match}, changed, marked changed now and recorded.
	 */
	private ProductCache.Rendered edit(UUID id, String ifMatch, CurrentUser actor, String action, Runnable change) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		change.run();
		rows.touch(id);
		return recorder.changed(id, actor, action, before);
	}

	private void insertVariant(UUID productId, NewVariant variant, int position) {
		int stock = variant.stock() == null ? 0 : variant.stock();
		try {
			rows.insert(new ProductRows.VariantRow(Ids.newId(), productId, variant.sku(),
					variant.title() == null ? "" : variant.title(),
					variant.options() == null ? Map.of() : variant.options(), variant.price().amount(),
					variant.price().currency(), position, stock));
			inventory.track(variant.sku(), stock);
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("SKU " + variant.sku() + " already exists");
		}
	}

	/**
	 * Locks the product row for the rest of the transaction and checks the caller's
	 * {@code If-Match}.
	 */
	private ProductCache.Rendered lockForChange(UUID id, String ifMatch) {
		jdbc.sql("select id from products where id = ? for update")
			.param(id)
			.query(UUID.class)
			.optional()
			.orElseThrow(() -> new NotFound("The product"));
		ProductCache.Rendered current = cache.fresh(id).orElseThrow(() -> new NotFound("The product"));
		if (ifMatch != null && !current.matchedBy(ifMatch)) {
			throw new PreconditionFailed();
		}
		return current;
	}

	private void checkCurrency(Money price, String field) {
		if (!currency.equals(price.currency())) {
			throw new ValidationFailed(field + ".currency", "must be the shop currency " + currency);
		}
	}

}

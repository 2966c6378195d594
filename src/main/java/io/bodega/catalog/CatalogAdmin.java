package io.bodega.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockChanged;
import io.bodega.inventory.StockLevel;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.NotFound;
import io.bodega.shared.PreconditionFailed;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What shop admins do to the catalog. Each change runs in one transaction that also
 * writes its audit entry and announces the change to every node's product cache; a
 * failure anywhere leaves nothing half-written.
 */
@Service
class CatalogAdmin {

	record NewVariant(String sku, String title, Map<String, String> options, Money price, Integer stock) {
	}

	record NewProduct(String title, String slug, String description, String status, List<String> categories,
			List<NewVariant> variants) {
	}

	record ProductChanges(String title, String slug, String description, String status, List<String> categories) {
	}

	record VariantChanges(String title, Map<String, String> options, Money price) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final Categories categories;

	private final ProductCache cache;

	private final CatalogChanges changes;

	private final Inventory inventory;

	private final AuditLog audit;

	private final String currency;

	private final ApplicationEventPublisher events;

	CatalogAdmin(JdbcClient jdbc, JsonMapper json, Categories categories, ProductCache cache, CatalogChanges changes,
			Inventory inventory, AuditLog audit, CatalogProperties properties, ApplicationEventPublisher events) {
		this.events = events;
		this.jdbc = jdbc;
		this.json = json;
		this.categories = categories;
		this.cache = cache;
		this.changes = changes;
		this.inventory = inventory;
		this.audit = audit;
		this.currency = properties.currency();
	}

	@Transactional
	ProductCache.Rendered create(NewProduct product, CurrentUser actor) {
		checkCurrencies(product.variants(), "variants");
		checkDistinctSkus(product.variants());
		UUID id = Ids.newId();
		String slug = product.slug() != null ? product.slug() : freeSlug(Slugs.of(product.title(), 100));
		try {
			jdbc.sql("insert into products (id, slug, title, description, status) "
					+ "values (:id, :slug, :title, :description, :status)")
				.param("id", id)
				.param("slug", slug)
				.param("title", product.title().strip())
				.param("description", product.description() == null ? "" : product.description())
				.param("status", product.status() == null ? "active" : product.status())
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("A product with slug " + slug + " already exists");
		}
		setCategories(id, product.categories() == null ? List.of() : product.categories());
		int position = 0;
		for (NewVariant variant : product.variants()) {
			insertVariant(id, variant, position++);
		}
		refreshMinPrice(id);
		return changed(id, actor, "product.create", null);
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
			jdbc.sql("delete from product_categories where product_id = ?").param(id).update();
			setCategories(id, update.categories());
		}
		return changed(id, actor, "product.update", before);
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
			changed(id, actor, "product.archive", before);
		}
	}

	@Transactional
	ProductCache.Rendered addVariant(UUID id, NewVariant variant, String ifMatch, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		checkCurrencies(List.of(variant), "");
		int position = jdbc.sql("select coalesce(max(position) + 1, 0) from variants where product_id = ?")
			.param(id)
			.query(Integer.class)
			.single();
		insertVariant(id, variant, position);
		refreshMinPrice(id);
		touch(id);
		return changed(id, actor, "variant.create", before);
	}

	@Transactional
	ProductCache.Rendered changeVariant(UUID id, UUID variantId, VariantChanges update, String ifMatch,
			CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		if (update.price() != null) {
			checkCurrency(update.price(), "price");
		}
		int updated = jdbc
			.sql("""
					update variants set title = coalesce(:title, title), options = coalesce(cast(:options as jsonb), options),
					  price_amount = coalesce(:amount, price_amount)
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
		refreshMinPrice(id);
		touch(id);
		return changed(id, actor, "variant.update", before);
	}

	@Transactional
	ProductCache.Rendered removeVariant(UUID id, UUID variantId, String ifMatch, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
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
		refreshMinPrice(id);
		touch(id);
		return changed(id, actor, "variant.delete", before);
	}

	@Transactional
	ProductCache.Rendered addImage(UUID id, MediaStore.Stored image, String ifMatch, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		jdbc.sql(
				"""
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
			.update();
		touch(id);
		return changed(id, actor, "image.create", before);
	}

	@Transactional
	ProductCache.Rendered removeImage(UUID id, UUID imageId, String ifMatch, CurrentUser actor) {
		ProductCache.Rendered before = lockForChange(id, ifMatch);
		int removed = jdbc.sql("delete from product_images where id = :image and product_id = :product")
			.param("image", imageId)
			.param("product", id)
			.update();
		if (removed == 0) {
			throw new NotFound("The image");
		}
		touch(id);
		return changed(id, actor, "image.delete", before);
	}

	@Transactional
	Categories.Category createCategory(String slug, String name, UUID parentId, CurrentUser actor) {
		Categories.Category created = categories.create(slug, name, parentId);
		audit.record(actor, "category.create", "category", created.id().toString(), null, created);
		return created;
	}

	@Transactional
	Categories.Category updateCategory(UUID id, String slug, String name, UUID parentId, boolean changeParent,
			CurrentUser actor) {
		Categories.Category before = categories.get(id);
		Categories.Category after = categories.update(id, slug, name, parentId, changeParent);
		audit.record(actor, "category.update", "category", id.toString(), before, after);
		categories.productsIn(id).forEach(changes::productChanged);
		return after;
	}

	@Transactional
	void deleteCategory(UUID id, CurrentUser actor) {
		List<UUID> affected = categories.productsIn(id);
		Categories.Category before = categories.delete(id);
		audit.record(actor, "category.delete", "category", id.toString(), before, null);
		affected.forEach(changes::productChanged);
	}

	/**
	 * Keeps the shown availability in step with the inventory, in the transaction that
	 * moved the stock, and announces the products it changed in the same statement (this
	 * runs in every checkout, while the stock is locked).
	 */
	@EventListener
	void on(StockChanged event) {
		boolean announceHere = event.levels().size() <= 200;
		var update = jdbc
			.sql(UPDATE_AVAILABILITY
					+ (announceHere ? CatalogChanges.NOTIFY_CHANGED : " select product_id::text from changed"))
			.param("skus", event.levels().stream().map(StockLevel::sku).toArray(String[]::new))
			.param("available", event.levels().stream().map(StockLevel::available).toArray(Integer[]::new))
			.query((rs, n) -> rs.getString(1));
		if (announceHere) {
			update.optional()
				.ifPresent(
						ids -> changes.productsAnnounced(Arrays.stream(ids.split(",")).map(UUID::fromString).toList()));
		}
		else {
			update.list().forEach(id -> changes.productChanged(UUID.fromString(id)));
		}
	}

	private static final String UPDATE_AVAILABILITY = """
			with changed as (
			  update variants v set available = d.available
			  from unnest(cast(:skus as text[]), cast(:available as integer[])) as d (sku, available)
			  where v.sku = d.sku and v.available <> d.available
			  returning v.product_id)""";

	private void insertVariant(UUID productId, NewVariant variant, int position) {
		int stock = variant.stock() == null ? 0 : variant.stock();
		try {
			jdbc.sql(
					"""
							insert into variants (id, product_id, sku, title, options, price_amount, currency, position, available)
							values (:id, :product, :sku, :title, cast(:options as jsonb), :amount, :currency, :position, :available)""")
				.param("id", Ids.newId())
				.param("product", productId)
				.param("sku", variant.sku())
				.param("title", variant.title() == null ? "" : variant.title())
				.param("options", json.writeValueAsString(variant.options() == null ? Map.of() : variant.options()))
				.param("amount", variant.price().amount())
				.param("currency", variant.price().currency())
				.param("position", position)
				.param("available", stock)
				.update();
			inventory.track(variant.sku(), stock);
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("SKU " + variant.sku() + " already exists");
		}
	}

	private void setCategories(UUID productId, List<String> slugs) {
		Set<String> unique = new LinkedHashSet<>(slugs);
		if (unique.isEmpty()) {
			return;
		}
		Map<String, UUID> ids = categories.ensure(unique);
		for (String slug : unique) {
			jdbc.sql("insert into product_categories (product_id, category_id) values (?, ?)")
				.params(productId, ids.get(slug))
				.update();
		}
	}

	private void refreshMinPrice(UUID id) {
		refreshMinPrices(jdbc, List.of(id));
	}

	/**
	 * A product's price in lists is its lowest variant price, kept on the product row for
	 * sorting and filtering.
	 */
	static void refreshMinPrices(JdbcClient jdbc, Collection<UUID> ids) {
		jdbc.sql(
				"update products p set min_price = (select min(price_amount) from variants v where v.product_id = p.id) "
						+ "where p.id = any(:ids)")
			.param("ids", ids.toArray(UUID[]::new))
			.update();
	}

	private void touch(UUID id) {
		jdbc.sql("update products set updated_at = now() where id = ?").param(id).update();
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
		if (ifMatch != null && !matches(ifMatch, current.etag())) {
			throw new PreconditionFailed();
		}
		return current;
	}

	static boolean matches(String ifMatch, String etag) {
		for (String candidate : ifMatch.split(",")) {
			String tag = candidate.strip();
			if (tag.equals("*") || tag.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	private ProductCache.Rendered changed(UUID id, CurrentUser actor, String action, ProductCache.Rendered before) {
		ProductCache.Rendered after = cache.fresh(id).orElseThrow();
		var shown = json.readTree(after.body());
		audit.record(actor, action, "product", id.toString(), before == null ? null : json.readTree(before.body()),
				shown);
		changes.productChanged(id);
		published(events, before == null, after, shown.path("title").asString());
		return after;
	}

	/**
	 * Announces a product's creation or change to the other modules (the event log,
	 * webhooks).
	 */
	static void published(ApplicationEventPublisher events, boolean created, ProductCache.Rendered product,
			String title) {
		events.publishEvent(
				created ? new ProductEvents.ProductCreated(product.id(), product.slug(), title, product.status())
						: new ProductEvents.ProductUpdated(product.id(), product.slug(), title, product.status()));
	}

	private String freeSlug(String base) {
		Set<String> taken = new HashSet<>(jdbc.sql("select slug from products where slug = :base or slug like :prefix")
			.param("base", base)
			.param("prefix", base + "-%")
			.query(String.class)
			.list());
		if (!taken.contains(base)) {
			return base;
		}
		for (int n = 2;; n++) {
			String candidate = base + "-" + n;
			if (!taken.contains(candidate)) {
				return candidate;
			}
		}
	}

	private void checkCurrencies(List<NewVariant> variants, String prefix) {
		List<FieldError> errors = new ArrayList<>();
		for (int i = 0; i < variants.size(); i++) {
			Money price = variants.get(i).price();
			if (!currency.equals(price.currency())) {
				String field = prefix.isEmpty() ? "price.currency" : prefix + "[" + i + "].price.currency";
				errors.add(new FieldError(field, "must be the shop currency " + currency));
			}
		}
		if (!errors.isEmpty()) {
			throw new ValidationFailed(errors);
		}
	}

	private void checkCurrency(Money price, String field) {
		if (!currency.equals(price.currency())) {
			throw new ValidationFailed(field + ".currency", "must be the shop currency " + currency);
		}
	}

	private static void checkDistinctSkus(List<NewVariant> variants) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < variants.size(); i++) {
			if (!seen.add(variants.get(i).sku())) {
				throw new ValidationFailed("variants[" + i + "].sku", "appears twice in this product");
			}
		}
	}

}

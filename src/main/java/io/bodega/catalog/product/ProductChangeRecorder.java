package io.bodega.catalog.product;

import io.bodega.catalog.ProductEvents;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What follows every change of a product, in the transaction that made it, whether the
 * JSON API or a CSV import made it: the audit entry with the product as shown before and
 * after, the announcement to every node's caches, and the event for the other modules
 * (the event log, webhooks).
 */
@Component
public class ProductChangeRecorder {

	private final ProductCache cache;

	private final CatalogChanges changes;

	private final AuditLog audit;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	ProductChangeRecorder(ProductCache cache, CatalogChanges changes, AuditLog audit, ApplicationEventPublisher events,
			JsonMapper json) {
		this.cache = cache;
		this.changes = changes;
		this.audit = audit;
		this.events = events;
		this.json = json;
	}

	/**
	 * Records the change of one product ({@code before} is {@code null} for a new one)
	 * and answers the product as it is now.
	 */
	public ProductCache.Rendered changed(UUID id, CurrentUser actor, String action, ProductCache.Rendered before) {
		ProductCache.Rendered after = cache.fresh(id).orElseThrow();
		record(actor, action, before, after);
		return after;
	}

	/**
	 * Records the changes of many products, read again in a fixed number of statements:
	 * those without a {@code before} were created.
	 */
	public void changed(Collection<UUID> ids, CurrentUser actor, Map<UUID, ProductCache.Rendered> before) {
		Map<UUID, ProductCache.Rendered> after = cache.fresh(ids);
		for (UUID id : ids) {
			ProductCache.Rendered old = before.get(id);
			record(actor, old == null ? "product.create" : "product.update", old, after.get(id));
		}
	}

	private void record(CurrentUser actor, String action, ProductCache.Rendered before, ProductCache.Rendered after) {
		JsonNode shown = json.readTree(after.body());
		audit.record(actor, action, "product", after.id().toString(),
				before == null ? null : json.readTree(before.body()), shown);
		changes.productChanged(after.id());
		String title = shown.path("title").asString();
		events.publishEvent(
				before == null ? new ProductEvents.ProductCreated(after.id(), after.slug(), title, after.status())
						: new ProductEvents.ProductUpdated(after.id(), after.slug(), title, after.status()));
	}

}

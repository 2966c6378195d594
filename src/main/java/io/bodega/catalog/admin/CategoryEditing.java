package io.bodega.catalog.admin;

import io.bodega.catalog.product.CatalogChanges;
import io.bodega.catalog.product.Categories;

import java.util.List;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What shop admins do to categories. Each change is audited in its transaction; the
 * products in a changed category are announced to every node's caches, since each shows
 * its categories.
 */
@Service
class CategoryEditing {

	private final Categories categories;

	private final CatalogChanges changes;

	private final AuditLog audit;

	CategoryEditing(Categories categories, CatalogChanges changes, AuditLog audit) {
		this.categories = categories;
		this.changes = changes;
		this.audit = audit;
	}

	@Transactional
	Categories.Category create(String slug, String name, UUID parentId, CurrentUser actor) {
		Categories.Category created = categories.create(slug, name, parentId);
		audit.record(actor, "category.create", "category", created.id().toString(), null, created);
		return created;
	}

	@Transactional
	Categories.Category update(UUID id, String slug, String name, UUID parentId, boolean changeParent,
			CurrentUser actor) {
		Categories.Category before = categories.get(id);
		Categories.Category after = categories.update(id, slug, name, parentId, changeParent);
		audit.record(actor, "category.update", "category", id.toString(), before, after);
		categories.productsIn(id).forEach(changes::productChanged);
		return after;
	}

	@Transactional
	void delete(UUID id, CurrentUser actor) {
		List<UUID> affected = categories.productsIn(id);
		Categories.Category before = categories.delete(id);
		audit.record(actor, "category.delete", "category", id.toString(), before, null);
		affected.forEach(changes::productChanged);
	}

}

package io.bodega.catalog.product;

import java.util.HashMap;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bodega.shared.Conflict;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code categories} tree. */
@Repository
public class Categories {

	public record Category(UUID id, String slug, String name, @Nullable UUID parentId) {
	}

	private static final String COLUMNS = "id, slug, name, parent_id";

	private final JdbcClient jdbc;

	Categories(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The category slugs of each of these products in slug order, in one statement; a
	 * product without categories is absent. The product page, the CSV export and the
	 * import's comparison all read them this way.
	 */
	public Map<UUID, List<String>> slugsOf(UUID[] productIds) {
		Map<UUID, List<String>> slugs = new HashMap<>();
		jdbc.sql("""
				select pc.product_id, c.slug from product_categories pc join categories c on c.id = pc.category_id
				where pc.product_id = any(?) order by pc.product_id, c.slug""")
			.param(productIds)
			.query((rs, n) -> slugs.computeIfAbsent(rs.getObject(1, UUID.class), id -> new ArrayList<>())
				.add(rs.getString(2)))
			.list();
		return slugs;
	}

	public List<Category> all() {
		return jdbc.sql("select " + COLUMNS + " from categories order by name, slug").query(Category.class).list();
	}

	Optional<Category> find(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from categories where id = ?")
			.param(id)
			.query(Category.class)
			.optional();
	}

	public Category get(UUID id) {
		return find(id).orElseThrow(() -> new NotFound("The category"));
	}

	/**
	 * The ids for these slugs, creating a category (named after its slug) for each
	 * unknown one.
	 */
	public Map<String, UUID> ensure(Collection<String> slugs) {
		for (String slug : slugs) {
			jdbc.sql("insert into categories (id, slug, name) values (:id, :slug, :name) on conflict (slug) do nothing")
				.param("id", Ids.newId())
				.param("slug", slug)
				.param("name", Slugs.toName(slug))
				.update();
		}
		return jdbc.sql("select " + COLUMNS + " from categories where slug = any(:slugs)")
			.param("slugs", slugs.toArray(String[]::new))
			.query(Category.class)
			.stream()
			.collect(Collectors.toMap(Category::slug, Category::id));
	}

	public Category create(String slug, String name, UUID parentId) {
		if (parentId != null) {
			requireParent(parentId);
		}
		try {
			return jdbc
				.sql("insert into categories (id, slug, name, parent_id) values (:id, :slug, :name, :parent) "
						+ "returning " + COLUMNS)
				.param("id", Ids.newId())
				.param("slug", slug)
				.param("name", name)
				.param("parent", parentId)
				.query(Category.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("A category with slug " + slug + " already exists");
		}
	}

	public Category update(UUID id, String slug, String name, UUID parentId, boolean changeParent) {
		Category current = get(id);
		if (changeParent && parentId != null) {
			requireParent(parentId);
			boolean cycle = jdbc.sql("""
					with recursive below(id) as (
					  select id from categories where id = :id
					  union select c.id from categories c join below b on c.parent_id = b.id)
					select exists (select 1 from below where id = :parent)""")
				.param("id", id)
				.param("parent", parentId)
				.query(Boolean.class)
				.single();
			if (cycle) {
				throw new ValidationFailed("parentId", "cannot be the category itself or one of its sub-categories");
			}
		}
		try {
			return jdbc
				.sql("update categories set slug = :slug, name = :name, parent_id = :parent where id = :id "
						+ "returning " + COLUMNS)
				.param("slug", slug == null ? current.slug() : slug)
				.param("name", name == null ? current.name() : name)
				.param("parent", changeParent ? parentId : current.parentId())
				.param("id", id)
				.query(Category.class)
				.single();
		}
		catch (DuplicateKeyException e) {
			throw new Conflict("A category with slug " + slug + " already exists");
		}
	}

	/**
	 * Deletes a category nothing depends on: no sub-category, and no product that is not
	 * archived (an archived product simply loses it). The row is locked first, so a
	 * product being put into it meanwhile waits and then fails.
	 */
	public Category delete(UUID id) {
		Category current = get(id);
		jdbc.sql("select id from categories where id = ? for update").param(id).query(UUID.class).optional();
		long children = jdbc.sql("select count(*) from categories where parent_id = ?")
			.param(id)
			.query(Long.class)
			.single();
		if (children > 0) {
			throw new Conflict("The category has sub-categories; move or delete them first");
		}
		long products = jdbc
			.sql("select count(*) from product_categories pc join products p on p.id = pc.product_id "
					+ "where pc.category_id = ? and p.status <> 'archived'")
			.param(id)
			.query(Long.class)
			.single();
		if (products > 0) {
			throw new Conflict(
					"The category is used by " + products + (products == 1 ? " product that is" : " products that are")
							+ " not archived; take them out of it first");
		}
		jdbc.sql("delete from categories where id = ?").param(id).update();
		return current;
	}

	/**
	 * Products in any of these categories' sub-trees, for invalidating cached products
	 * after a change.
	 */
	public List<UUID> productsIn(UUID categoryId) {
		return jdbc.sql("select product_id from product_categories where category_id = ?")
			.param(categoryId)
			.query(UUID.class)
			.list();
	}

	static Map<UUID, Category> byId(List<Category> categories) {
		return categories.stream().collect(Collectors.toMap(Category::id, Function.identity()));
	}

	private void requireParent(UUID parentId) {
		if (find(parentId).isEmpty()) {
			throw new ValidationFailed("parentId", "is not a known category");
		}
	}

}

/**
 * Catalog: products, their variants, categories, images, search and the demo shop.
 * <p>
 * Public surface, for other modules:
 * <ul>
 * <li>{@link io.bodega.catalog.Catalog}, the facade other modules ask ("what does SKU X
 * cost?"): {@code currency()}, {@code purchasable(sku)}, {@code purchasables(skus)},
 * {@code productsOf(skus)}, {@code isPublic(productId)}, and its value
 * {@link io.bodega.catalog.Catalog.Purchasable};</li>
 * <li>{@link io.bodega.catalog.ProductEvents}: {@code ProductCreated} and
 * {@code ProductUpdated}, published in the transaction of the change.</li>
 * </ul>
 * Nothing else is public in this package. Inside the module: product editing
 * ({@code ProductEditing}), category editing ({@code CategoryEditing}), the rows a
 * product is stored as ({@code ProductRows}, shared by the API, the import and the demo
 * shop), search ({@code ProductSearch}), the caches and their cross-node invalidation
 * ({@code ProductCache}, {@code ListCache}, {@code CatalogChanges}), and the sub-packages
 * {@code csv} (the product CSV format, import reading and export), {@code media} (images)
 * and {@code product} (how a product's fields are spelled). Availability shown on
 * products is a read model of the inventory ({@code AvailabilityProjection}), kept
 * current by {@link io.bodega.inventory.StockChanged} in the same transaction.
 */
@ApplicationModule(allowedDependencies = { "shared", "inventory", "audit" })
package io.bodega.catalog;

import org.springframework.modulith.ApplicationModule;

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
 * Nothing else is public in this package. Here too: the shopper's endpoints
 * ({@code ProductController}) and the availability shown on products, a read model of the
 * inventory ({@code AvailabilityProjection}) kept current by
 * {@link io.bodega.inventory.StockChanged} in the same transaction.
 * <p>
 * The sub-packages are internal to the module: Spring Modulith lets no other module use
 * them ({@code ModularityTests}), so their types are public only for this module's other
 * packages. {@code product}: a product's rules, its rows, categories, how it is read,
 * rendered and cached, how a change is recorded and announced to the other nodes;
 * {@code admin}: the shop admin's endpoints and editing; {@code search}: lists, search
 * and the list cache; {@code csv}: the product CSV, its import and export; {@code media}:
 * images; {@code demo}: the demo shop; {@code config}: the catalog's settings.
 */
@ApplicationModule(allowedDependencies = { "shared", "inventory", "audit" })
package io.bodega.catalog;

import org.springframework.modulith.ApplicationModule;

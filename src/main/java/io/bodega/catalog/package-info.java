/**
 * Catalog: products, their variants, categories, images, search and the demo shop.
 * {@link io.bodega.catalog.Catalog} is the facade other modules ask ("what does SKU X
 * cost?"). Availability shown on products is a read model of the inventory, kept current
 * by {@link io.bodega.inventory.StockChanged} in the same transaction.
 */
@ApplicationModule(allowedDependencies = { "shared", "inventory", "audit" })
package io.bodega.catalog;

import org.springframework.modulith.ApplicationModule;

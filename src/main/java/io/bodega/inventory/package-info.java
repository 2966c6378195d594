/**
 * Inventory: stock per SKU ({@code onHand}, {@code reserved}). The database's CHECK
 * constraints and conditional updates keep stock from going negative or being
 * over-reserved. {@link io.bodega.inventory.Inventory} is the facade; every change is
 * announced as {@link io.bodega.inventory.StockChanged}.
 */
@ApplicationModule(allowedDependencies = { "shared", "audit" })
package io.bodega.inventory;

import org.springframework.modulith.ApplicationModule;

/**
 * Inventory: stock per SKU ({@code onHand}, {@code reserved}) and its append-only ledger.
 * The database's CHECK constraints and conditional updates keep stock from going negative
 * or being over-reserved.
 * <p>
 * Public surface:
 * <ul>
 * <li>{@link io.bodega.inventory.Inventory}, the facade: for catalog {@code track},
 * {@code trackAll}, {@code trackAllUnannounced}, {@code untrack}; for reads
 * {@code level}, {@code lowStock}; for ordering {@code reserve}, {@code release},
 * {@code commit}, {@code restock}; and {@code setOnHand}, the staff's stock change, which
 * other modules' tests use to set their stock up;</li>
 * <li>{@link io.bodega.inventory.StockLevel} (a SKU's stock),
 * {@link io.bodega.inventory.StockMovement} (a ledger line, with its
 * {@link io.bodega.inventory.StockMovement.Reason}), and
 * {@link io.bodega.inventory.InsufficientStock} with its shortages;</li>
 * <li>{@link io.bodega.inventory.StockChanged}, the event announcing every change.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = { "shared", "audit" })
package io.bodega.inventory;

import org.springframework.modulith.ApplicationModule;

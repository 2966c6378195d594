/**
 * The shop admin's side of the catalog: product, variant, image and category endpoints
 * and the editing behind them ({@code ProductEditing}, {@code CategoryEditing}), every
 * change audited. Internal to the catalog module.
 */
package io.bodega.catalog.admin;

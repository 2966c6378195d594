/**
 * A product: its own rules (how slugs, SKUs and statuses are spelled), the rows it is
 * stored as ({@code ProductRows}, shared by the JSON API, the CSV import and the demo
 * shop), its categories, how it is read and shown ({@code ProductReader},
 * {@code ProductView}), the cache of rendered products ({@code ProductCache}), how a
 * change is recorded (audit, event, cache) and announced to the other nodes
 * ({@code ProductChangeRecorder}, {@code CatalogChanges}). Its public types are internal
 * to the catalog module: Spring Modulith keeps every sub-package from other modules.
 */
package io.bodega.catalog.product;

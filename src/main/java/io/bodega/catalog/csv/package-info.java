/**
 * The product CSV: its format, reading an import file as it arrives (every cell checked
 * by the JSON API's rules, every error collected), the checks that need the catalog's
 * answers, and the export a page of products at a time. Applying an import to the catalog
 * is the module's own {@code ProductImport}. Internal to the catalog module.
 */
package io.bodega.catalog.csv;

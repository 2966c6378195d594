/**
 * The product CSV: its format, reading an import file as it arrives (every cell checked
 * by the JSON API's rules, every error collected), the checks that need the catalog's
 * answers, applying an import to the catalog ({@code ProductImport} with its
 * {@code ProductImportPlan}), the export a page of products at a time, and their
 * endpoints ({@code AdminProductCsvController}). Internal to the catalog module.
 */
package io.bodega.catalog.csv;

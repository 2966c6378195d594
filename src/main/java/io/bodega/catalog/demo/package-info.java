/**
 * The demo shop an empty database is filled with at start-up (products, variants,
 * categories and their images). Internal to the catalog module.
 */
package io.bodega.catalog.demo;

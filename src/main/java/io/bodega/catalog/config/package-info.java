/**
 * The catalog's settings ({@code bodega.catalog.*}), read by the module's sub-packages,
 * so public in here; internal to the catalog module.
 */
package io.bodega.catalog.config;

/**
 * A product's own rules, shared by the catalog's JSON API, its CSV import and its demo
 * shop: how slugs, SKUs and statuses are spelled. Internal to the catalog module.
 */
package io.bodega.catalog.product;

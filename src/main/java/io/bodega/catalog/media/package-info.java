/**
 * Product images: accepted uploads (recognised by their bytes), stored by content hash in
 * files and in PostgreSQL, served for a year. Internal to the catalog module.
 */
package io.bodega.catalog.media;

/**
 * Product lists: full-text search, filters, sort orders and keyset paging
 * ({@code ProductSearch} with {@code SearchFilter}, {@code SearchSort} and
 * {@code TextQuery}), and the cache of list pages and facets ({@code ListCache}). Its
 * public types are internal to the catalog module: Spring Modulith keeps every
 * sub-package from other modules.
 */
package io.bodega.catalog.search;

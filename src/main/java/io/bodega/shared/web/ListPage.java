package io.bodega.shared.web;

import java.util.List;

/** A page of a list, as every list in the API answers it: {@code {"items": [...], "nextCursor": "..." | null}}. */
public record ListPage<T>(List<T> items, String nextCursor) {
}

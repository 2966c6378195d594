package io.bodega.catalog.media;

import java.util.Optional;

/**
 * Where image bytes live, addressed by their SHA-256. A small seam: files and PostgreSQL
 * today, object storage later.
 */
public interface MediaStorage {

	void put(String hash, String extension, String contentType, byte[] bytes);

	Optional<byte[]> get(String hash, String extension);

}

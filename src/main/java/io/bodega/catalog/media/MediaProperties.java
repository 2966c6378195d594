package io.bodega.catalog.media;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where images are kept on this node: under the application's data directory (shared with
 * the embedded database), so the key is {@code bodega.data-dir}, not one of catalog's
 * own.
 *
 * @param dataDir the data directory ({@code BODEGA_DATA_DIR}); images go in its
 * {@code media} folder
 */
@ConfigurationProperties("bodega")
record MediaProperties(Path dataDir) {
}

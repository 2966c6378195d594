package io.bodega.shared.db;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Bodega keeps its own files ({@code bodega.data-dir}, {@code BODEGA_DATA_DIR}: the
 * embedded database, its password) and how long completed event publications stay
 * ({@code bodega.events.keep}, {@code BODEGA_EVENTS_KEEP}).
 */
@ConfigurationProperties("bodega")
record StorageProperties(@DefaultValue("./data") Path dataDir, @DefaultValue Events events) {

	record Events(@DefaultValue("7d") Duration keep) {
	}

}

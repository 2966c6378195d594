package io.bodega.catalog.media;

import java.time.Duration;

import io.bodega.shared.NotFound;
import io.bodega.shared.web.Access;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves images under their content-hash names: a name never changes meaning, so browsers
 * may keep them a year.
 */
@RestController
@Access(Access.Level.PUBLIC)
@Tag(name = "Catalog")
public class MediaController {

	private final MediaStorage storage;

	MediaController(MediaStorage storage) {
		this.storage = storage;
	}

	/** Where an image is served, by its content hash. */
	public static String url(String hash, String extension) {
		return "/media/" + hash + "." + extension;
	}

	@GetMapping("/media/{hash:[0-9a-f]{64}}.{extension:jpg|png|webp}")
	@Operation(summary = "An image, by content hash")
	ResponseEntity<byte[]> get(@PathVariable String hash, @PathVariable String extension) {
		byte[] bytes = storage.get(hash, extension).orElseThrow(() -> new NotFound("The image"));
		return ResponseEntity.ok()
			.contentType(MediaType.parseMediaType(MediaStore.contentType(extension)))
			.cacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable())
			.eTag("\"" + hash + "\"")
			.body(bytes);
	}

}

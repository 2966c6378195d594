package io.bodega.catalog.media;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import io.bodega.shared.DomainException;
import io.bodega.shared.Hashes;

import org.springframework.stereotype.Component;

/**
 * Accepts uploaded images: JPEG, PNG or WebP as recognised by their first bytes (the
 * declared content type is not trusted), at most 5 MiB. Dimensions are read from the
 * header only, never by decoding the whole picture.
 */
@Component
public class MediaStore {

	public static final int MAX_BYTES = 5 * 1024 * 1024;

	public record Stored(String hash, String extension, String contentType, Integer width, Integer height) {
	}

	static final class UnsupportedImage extends DomainException {

		UnsupportedImage() {
			super(Kind.UNSUPPORTED_MEDIA, "unsupported_media_type", "Upload a JPEG, PNG or WebP image");
		}

	}

	public static final class ImageTooLarge extends DomainException {

		public ImageTooLarge() {
			super(Kind.TOO_LARGE, "payload_too_large", "An image may be at most 5 MiB");
		}

	}

	private final MediaStorage storage;

	MediaStore(MediaStorage storage) {
		this.storage = storage;
	}

	public Stored store(byte[] bytes) {
		if (bytes.length > MAX_BYTES) {
			throw new ImageTooLarge();
		}
		String extension = extensionOf(bytes);
		if (extension == null) {
			throw new UnsupportedImage();
		}
		String contentType = contentType(extension);
		String hash = Hashes.sha256Hex(bytes);
		int[] size = dimensions(bytes);
		storage.put(hash, extension, contentType, bytes);
		return new Stored(hash, extension, contentType, size == null ? null : size[0], size == null ? null : size[1]);
	}

	static String extensionOf(byte[] b) {
		if (b.length >= 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
			return "jpg";
		}
		if (b.length >= 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G' && b[4] == 0x0D
				&& b[5] == 0x0A && b[6] == 0x1A && b[7] == 0x0A) {
			return "png";
		}
		if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[2] == 'F' && b[3] == 'F' && b[8] == 'W' && b[9] == 'E'
				&& b[10] == 'B' && b[11] == 'P') {
			return "webp";
		}
		return null;
	}

	static String contentType(String extension) {
		return switch (extension) {
			case "jpg" -> "image/jpeg";
			case "png" -> "image/png";
			case "webp" -> "image/webp";
			default -> "application/octet-stream";
		};
	}

	private static int[] dimensions(byte[] bytes) {
		try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
			if (!readers.hasNext()) {
				return null;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(in, true, true);
				return new int[] { reader.getWidth(0), reader.getHeight(0) };
			}
			finally {
				reader.dispose();
			}
		}
		catch (IOException | RuntimeException e) {
			return null;
		}
	}

}

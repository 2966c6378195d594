package io.bodega.catalog.media;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Images as files under {@code BODEGA_DATA_DIR/media}, named by content hash, with
 * PostgreSQL as the copy every node shares: a node that lacks a file fetches it from the
 * database once and keeps it.
 */
@Component
class FileAndDatabaseMediaStorage implements MediaStorage {

	private final JdbcClient jdbc;

	private final Path directory;

	FileAndDatabaseMediaStorage(JdbcClient jdbc, MediaProperties properties) {
		this.jdbc = jdbc;
		this.directory = properties.dataDir().toAbsolutePath().normalize().resolve("media");
	}

	@Override
	public void put(String hash, String extension, String contentType, byte[] bytes) {
		jdbc.sql("insert into media_blobs (content_hash, content_type, bytes) values (?, ?, ?) "
				+ "on conflict (content_hash) do nothing")
			.params(hash, contentType, bytes)
			.update();
		write(file(hash, extension), bytes);
	}

	@Override
	public Optional<byte[]> get(String hash, String extension) {
		Path file = file(hash, extension);
		try {
			if (Files.exists(file)) {
				return Optional.of(Files.readAllBytes(file));
			}
		}
		catch (IOException e) {
			// fall through to the database copy
		}
		Optional<byte[]> stored = jdbc.sql("select bytes from media_blobs where content_hash = ?")
			.param(hash)
			.query(byte[].class)
			.optional();
		stored.ifPresent(bytes -> write(file, bytes));
		return stored;
	}

	private Path file(String hash, String extension) {
		return directory.resolve(hash.substring(0, 2)).resolve(hash + "." + extension);
	}

	private static void write(Path file, byte[] bytes) {
		try {
			Files.createDirectories(file.getParent());
			Path temporary = Files.createTempFile(file.getParent(), "upload", ".tmp");
			Files.write(temporary, bytes);
			Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not store an image under " + file.getParent(), e);
		}
	}

}

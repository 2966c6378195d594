package io.bodega.shared.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret Bodega makes for itself and keeps in a file of the data directory (the
 * embedded setup's server secret and database password): 256 random bits, base64url. The
 * file is written whole under another name, readable by its owner only from its first
 * byte, and then linked into place, which fails if another start linked one first: a
 * racing start reads the winner's secret, never a half-written one. A file that others
 * may read is tightened, with a warning.
 */
public final class SecretFile {

	private static final Logger log = LoggerFactory.getLogger(SecretFile.class);

	private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

	private SecretFile() {
	}

	public static String readOrCreate(Path file) {
		try {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			if (!Files.exists(file)) {
				create(dir, file);
			}
			tighten(file);
			return Files.readString(file).strip();
		}
		catch (IOException e) {
			throw new UncheckedIOException("Could not read or create the secret file " + file, e);
		}
	}

	private static void create(Path dir, Path file) throws IOException {
		byte[] random = new byte[32];
		new SecureRandom().nextBytes(random);
		boolean posix = Files.getFileStore(dir).supportsFileAttributeView("posix");
		FileAttribute<?>[] ownerOnly = posix
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(OWNER_ONLY) } : new FileAttribute<?>[0];
		Path draft = Files.createTempFile(dir, "." + file.getFileName(), ".new", ownerOnly);
		try {
			Files.writeString(draft, Base64.getUrlEncoder().withoutPadding().encodeToString(random));
			try {
				Files.createLink(file, draft);
			}
			catch (UnsupportedOperationException noLinks) {
				Files.move(draft, file);
			}
			catch (FileAlreadyExistsException raced) {
				// another start made it first: read theirs
			}
		}
		finally {
			Files.deleteIfExists(draft);
		}
	}

	private static void tighten(Path file) throws IOException {
		if (Files.getFileStore(file).supportsFileAttributeView("posix")
				&& !Files.getPosixFilePermissions(file).equals(OWNER_ONLY)) {
			log.warn("{} could be read by others; it is now readable by its owner only", file);
			Files.setPosixFilePermissions(file, OWNER_ONLY);
		}
	}

}

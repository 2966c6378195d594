package io.bodega.notifications;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development's stand-in for an SMTP server: each mail becomes an {@code .eml} file under the data directory, and the
 * log says where it is. The body stays out of the log: it carries reset and verification links, and logs are
 * shipped, kept and read far more widely than the data directory.
 */
final class DevMailbox {

	private static final Logger log = LoggerFactory.getLogger(DevMailbox.class);

	private final Path directory;
	private final String from;

	DevMailbox(Path directory, String from) {
		this.directory = directory;
		this.from = from;
	}

	/** Writes the mail with outbox id {@code id} to a file of its own and returns the file. */
	Path deliver(long id, String recipient, String subject, String body) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory);
		}
		Path file = directory.resolve(Instant.now().toEpochMilli() + "-" + id + ".eml");
		String text = "From: " + from + "\nTo: " + recipient + "\nSubject: " + subject + "\n\n" + body + "\n";
		Files.writeString(file, text, StandardCharsets.UTF_8);
		log.info("Mail to {} with subject \"{}\" saved to {} (no SMTP server configured)", recipient, subject, file);
		return file;
	}
}

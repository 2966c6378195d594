package io.bodega.notifications;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Development's stand-in for an SMTP server: each mail becomes an {@code .eml} file under
 * the data directory, and the log says where it is. The body stays out of the log: it
 * carries reset and verification links, and logs are shipped, kept and read far more
 * widely than the data directory.
 */
final class DevMailbox {

	private static final Logger log = LoggerFactory.getLogger(DevMailbox.class);

	private final Path directory;

	private final String from;

	DevMailbox(Path directory, String from) {
		this.directory = directory;
		this.from = from;
	}

	/**
	 * Writes the mail with outbox id {@code id} to a file named by that id and returns
	 * the file: a second attempt at the same mail (after a crash) replaces the first, as
	 * a mail server would recognise it by its Message-ID.
	 */
	Path deliver(long id, String messageId, String recipient, String subject, String body) throws IOException {
		if (!Files.isDirectory(directory)) {
			Files.createDirectories(directory);
		}
		// zero-padded, so that the files sort by id, which is the order the mails were
		// queued in
		Path file = directory.resolve("mail-%012d.eml".formatted(id));
		String text = "Message-ID: " + messageId + "\nFrom: " + from + "\nTo: " + recipient + "\nSubject: " + subject
				+ "\n\n" + body + "\n";
		Files.writeString(file, text, StandardCharsets.UTF_8);
		log.info("Mail to {} with subject \"{}\" saved to {} (no SMTP server configured)", recipient, subject, file);
		return file;
	}

}

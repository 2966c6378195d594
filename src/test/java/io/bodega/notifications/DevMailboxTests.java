package io.bodega.notifications;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Without SMTP, a mail goes to a file; the log says where, and never shows the body with
 * its links.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevMailboxTests {

	@Test
	void writesTheWholeMailToAFileAndLogsNoBody(@TempDir Path dataDir, CapturedOutput output) throws IOException {
		DevMailbox mailbox = new DevMailbox(dataDir.resolve("mail"), "Bodega <no-reply@bodega.test>");

		Path file = mailbox.deliver(42, "<42.abc@bodega.test>", "ann@example.com", "Reset your Bodega password",
				"Open https://shop.example/reset-password?token=SECRET-RESET-TOKEN within 30 minutes");

		assertThat(file.getParent()).isEqualTo(dataDir.resolve("mail"));
		assertThat(file.getFileName().toString()).isEqualTo("mail-000000000042.eml");
		assertThat(Files.readString(file)).contains("Message-ID: <42.abc@bodega.test>")
			.contains("From: Bodega <no-reply@bodega.test>")
			.contains("To: ann@example.com")
			.contains("Subject: Reset your Bodega password")
			.contains("token=SECRET-RESET-TOKEN");
		assertThat(output.getOut()).contains("ann@example.com")
			.contains("Reset your Bodega password")
			.contains(file.toString())
			.doesNotContain("SECRET-RESET-TOKEN");
	}

	/**
	 * A Message-ID's right side is always a well-formed domain, whatever the sender's
	 * address looks like.
	 */
	@Test
	void theMessageIdDomainIsTheSendersInAsciiOrAFallback() {
		assertThat(MailDispatcher.domainOf("Bodega <no-reply@Shop.Example>")).isEqualTo("shop.example");
		assertThat(MailDispatcher.domainOf("\"orders@shop\" <x@mail.example.org>")).isEqualTo("mail.example.org");
		assertThat(MailDispatcher.domainOf("Laden <info@bücher.de>")).isEqualTo("xn--bcher-kva.de");
		assertThat(MailDispatcher.domainOf("no-address")).isEqualTo("bodega.localhost");
		assertThat(MailDispatcher.domainOf("x@shop.example.")).isEqualTo("bodega.localhost");
		assertThat(MailDispatcher.domainOf("a@b..c")).isEqualTo("bodega.localhost");
	}

}

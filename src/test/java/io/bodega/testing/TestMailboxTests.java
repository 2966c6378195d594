package io.bodega.testing;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test mailbox reads a mailed link's token exactly as it was sent, however the mail
 * is encoded. Mails are sent as Bodega's mail dispatcher sends them (Spring's
 * MimeMessageHelper, UTF-8 text): an ASCII text goes as 7bit, as it is; one with other
 * characters as quoted-printable, its long lines broken with soft line breaks and '='
 * written "=3D".
 */
class TestMailboxTests {

	/**
	 * A token of Bodega's form (43 base64url characters) that begins with "3D", as one in
	 * 4,096 tokens does.
	 */
	private static final String TOKEN = "3DqZ8m-Xo1_b7TgC4kLpV2wYs9eRuN6aHjFdK0xQcMi";

	@Test
	void aTokenThatBeginsWith3DIsReadWhole() throws MessagingException {
		String to = send(
				"Hello Staff Member,\n\nTo accept, open this link:\n\nhttp://localhost:8080/admin/#/accept-invite?token="
						+ TOKEN + "\n");

		assertThat(TestMailbox.awaitLatest(to, 1).token()).isEqualTo(TOKEN);
	}

	@Test
	void aQuotedPrintableMailsTokenIsReadWholeAcrossSoftLineBreaks() throws MessagingException {
		String to = send(
				"Hello Zoë Ångström,\n\nTo accept, open this link:\n\nhttp://localhost:8080/admin/#/accept-invite?token="
						+ TOKEN + "\n");

		TestMailbox.Mail mail = TestMailbox.awaitLatest(to, 1);

		assertThat(mail.token()).isEqualTo(TOKEN);
		assertThat(mail.body()).startsWith("Hello Zoë Ångström,");
	}

	private static String send(String body) throws MessagingException {
		String to = "mailbox-" + UUID.randomUUID() + "@example.com";
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(TestMailbox.port());
		MimeMessage message = sender.createMimeMessage();
		MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
		helper.setFrom("Bodega <no-reply@bodega.localhost>");
		helper.setTo(to);
		helper.setSubject("You are invited to run a Bodega shop");
		helper.setText(body);
		sender.send(message);
		return to;
	}

}

package io.bodega.testing;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.Multipart;
import org.awaitility.Awaitility;
import java.io.IOException;

/**
 * A real SMTP server (GreenMail) in the test JVM; Bodega sends to it exactly as it would
 * to a production server.
 */
public final class TestMailbox {

	public static final GreenMail SMTP;

	static {
		SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		SMTP.start();
	}

	private TestMailbox() {
	}

	public static int port() {
		return SMTP.getSmtp().getPort();
	}

	public record Mail(String to, String subject, String body) {

		/** The token of the first link in the mail that carries one. */
		public String token() {
			Matcher m = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)").matcher(body);
			if (!m.find()) {
				throw new AssertionError("No link with a token in: " + body);
			}
			return m.group(1);
		}

		public String link() {
			Matcher m = Pattern.compile("https?://\\S+").matcher(body);
			if (!m.find()) {
				throw new AssertionError("No link in: " + body);
			}
			return m.group();
		}
	}

	public static List<Mail> to(String recipient) {
		return Arrays.stream(SMTP.getReceivedMessages())
			.map(TestMailbox::mail)
			.filter(m -> m.to().equalsIgnoreCase(recipient))
			.toList();
	}

	/**
	 * Waits (up to 15 s) until {@code recipient} has at least {@code count} mails, and
	 * returns them.
	 */
	public static List<Mail> await(String recipient, int count) {
		return Awaitility.await(count + " mails to " + recipient)
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> to(recipient), mails -> mails.size() >= count);
	}

	/** The newest mail to {@code recipient} once it has {@code count} of them. */
	public static Mail awaitLatest(String recipient, int count) {
		List<Mail> mails = await(recipient, count);
		return mails.get(count - 1);
	}

	private static Mail mail(MimeMessage message) {
		try {
			String to = message.getRecipients(Message.RecipientType.TO)[0].toString();
			// The decoded text, as a mail reader shows it: undoing quoted-printable by
			// hand missed soft line breaks
			// that were not CRLF, which cut a token in two now and then.
			Object content = message.getContent();
			String body = content instanceof String text ? text : content instanceof Multipart parts
					? String.valueOf(parts.getBodyPart(0).getContent()) : GreenMailUtil.getBody(message);
			return new Mail(to, message.getSubject(), body);
		}
		catch (MessagingException | IOException e) {
			throw new IllegalStateException(e);
		}
	}

}

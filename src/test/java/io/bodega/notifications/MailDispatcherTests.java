package io.bodega.notifications;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.TestMailbox;
import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.UUID;

/**
 * The outbox keeps no mail body (and so no reset link) once a mail is sent or given up,
 * and a mail sent again carries the same Message-ID, so that mail servers and clients can
 * tell the second copy for the same mail.
 */
class MailDispatcherTests extends ApiTest {

	/**
	 * A node that sent a mail and lost its "sent" mark (it died, or the database went
	 * away, before the mark committed) sends it again: the receiving server gets the same
	 * Message-ID both times.
	 */
	@Test
	void aMailSentAgainAfterItsSentMarkWasLostHasTheSameMessageId() throws Exception {
		String recipient = "twice-" + UUID.randomUUID() + "@example.com";
		long id = jdbc.sql("""
				insert into mail_outbox (recipient, subject, body) values (?, 'Your order', 'Thank you')
				returning id""").param(recipient).query(Long.class).single();
		TestMailbox.await(recipient, 1);
		// the mark is lost: the row looks unsent again, as if the update after the send
		// had never committed
		jdbc.sql("update mail_outbox set sent_at = null, body = 'Thank you', next_attempt_at = now() where id = ?")
			.param(id)
			.update();
		TestMailbox.await(recipient, 2);

		List<String> ids = new ArrayList<>();
		for (MimeMessage message : TestMailbox.SMTP.getReceivedMessages()) {
			if (message.getAllRecipients()[0].toString().equals(recipient)) {
				ids.add(message.getMessageID());
			}
		}
		assertThat(ids).hasSize(2);
		assertThat(ids.get(0)).isEqualTo(ids.get(1)).matches("<" + id + "\\.[0-9a-f]{16}@[a-z.]+>");
	}

	@Test
	void clearsTheBodyOfAMailThatIsGivenUp() throws InterruptedException {
		// One attempt short of giving up, to an address no mail can be sent to: the next
		// attempt is the last.
		long id = jdbc.sql("""
				insert into mail_outbox (recipient, subject, body, attempts)
				values ('broken <address', 'Reset your Bodega password', 'token=SECRET-RESET-TOKEN', 7)
				returning id""").query(Long.class).single();

		Map<String, Object> row = awaitGivenUp(id);

		assertThat(row.get("attempts")).isEqualTo(8);
		assertThat(row.get("last_error")).isNotNull();
		assertThat(row.get("body")).isNull();
	}

	private Map<String, Object> awaitGivenUp(long id) {
		return Awaitility.await("mail " + id + " given up")
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> jdbc.sql("select attempts, last_error, body, failed_at from mail_outbox where id = ?")
				.param(id)
				.query()
				.singleRow(), row -> row.get("failed_at") != null);
	}

}

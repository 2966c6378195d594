package io.bodega.notifications;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox keeps no mail body (and so no reset link) once a mail is sent or given up. */
class MailDispatcherTests extends ApiTest {

	@Test
	void clearsTheBodyOfAMailThatIsGivenUp() throws InterruptedException {
		// One attempt short of giving up, to an address no mail can be sent to: the next attempt is the last.
		long id = jdbc.sql("""
				insert into mail_outbox (recipient, subject, body, attempts)
				values ('broken <address', 'Reset your Bodega password', 'token=SECRET-RESET-TOKEN', 7)
				returning id""")
			.query(Long.class)
			.single();

		Map<String, Object> row = awaitGivenUp(id);

		assertThat(row.get("attempts")).isEqualTo(8);
		assertThat(row.get("last_error")).isNotNull();
		assertThat(row.get("body")).isNull();
	}

	private Map<String, Object> awaitGivenUp(long id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
		while (Instant.now().isBefore(deadline)) {
			Map<String, Object> row = jdbc.sql("select attempts, last_error, body, failed_at from mail_outbox where id = ?")
				.param(id)
				.query()
				.singleRow();
			if (row.get("failed_at") != null) {
				return row;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("Mail " + id + " was not given up");
	}
}

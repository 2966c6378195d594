package io.bodega.notifications;

import java.util.UUID;

import io.bodega.testing.ModuleTest;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifications module on its own (with {@code shared}): a mail queued in a
 * transaction that commits reaches the SMTP server; one queued in a transaction that
 * rolls back never does.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class NotificationsModuleTests extends ModuleTest {

	@Autowired
	Mailer mailer;

	@Autowired
	TransactionTemplate transactions;

	@Test
	void aMailQueuedByACommittedChangeIsSentAndOneRolledBackIsNot() {
		String sent = "module-" + UUID.randomUUID() + "@example.com";
		String undone = "module-" + UUID.randomUUID() + "@example.com";

		transactions.executeWithoutResult(status -> mailer.send(sent, "Queued", "Sent after the commit."));
		transactions.executeWithoutResult(status -> {
			mailer.send(undone, "Undone", "Never sent.");
			status.setRollbackOnly();
		});

		TestMailbox.Mail mail = TestMailbox.awaitLatest(sent, 1);
		assertThat(mail.subject()).isEqualTo("Queued");
		assertThat(mail.body()).contains("Sent after the commit.");
		assertThat(TestMailbox.to(undone)).isEmpty();
	}

}

package io.bodega.notifications;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends e-mail. A mail is queued in the caller's transaction, so it goes out exactly when
 * what caused it commits, and is sent after the answer, so how long SMTP takes tells a
 * caller nothing (no account enumeration by timing).
 */
@Service
public class Mailer {

	private final JdbcClient jdbc;

	private final MailDispatcher dispatcher;

	Mailer(JdbcClient jdbc, MailDispatcher dispatcher) {
		this.jdbc = jdbc;
		this.dispatcher = dispatcher;
	}

	/** Queues a plain-text mail to one recipient. */
	@Transactional
	public void send(String recipient, String subject, String body) {
		jdbc.sql("insert into mail_outbox (recipient, subject, body) values (:recipient, :subject, :body)")
			.param("recipient", recipient)
			.param("subject", subject)
			.param("body", body)
			.update();
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				dispatcher.dispatchSoon();
			}
		});
	}

}

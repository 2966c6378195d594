package io.bodega.notifications;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bodega.shared.db.QueryPlans;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Sends queued mail. Runs right after a mail is queued and every few seconds on every node; rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so two nodes never send the same mail. A failed send is retried with growing
 * pauses and given up after 8 attempts. A mail's body (which may carry a reset link) is cleared once it is sent or
 * given up, so links do not linger in the table.
 */
@Component
class MailDispatcher {

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);
	private static final int MAX_ATTEMPTS = 8;
	private static final int BATCH = 50;
	private static final long GATHER_MILLIS = 50;

	private record Queued(long id, String recipient, String subject, String body, int attempts) {
	}

	private final JdbcClient jdbc;
	private final TransactionTemplate tx;
	private final ObjectProvider<JavaMailSender> sender;
	private final boolean smtpConfigured;
	private final String from;
	private final DevMailbox devMailbox;
	private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());
	private final AtomicBoolean scheduled = new AtomicBoolean();

	MailDispatcher(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<JavaMailSender> sender,
			@Value("${spring.mail.host:}") String smtpHost, @Value("${bodega.mail.from}") String from,
			@Value("${bodega.data-dir}") Path dataDir) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.sender = sender;
		this.smtpConfigured = StringUtils.hasText(smtpHost);
		this.from = from;
		this.devMailbox = new DevMailbox(dataDir.resolve("mail"), from);
	}

	/**
	 * Sends what is queued shortly: after a pause of {@value #GATHER_MILLIS} ms, so that the mails of many
	 * transactions committing at once (a busy shop's order confirmations) go out in one batch and one transaction.
	 */
	void dispatchSoon() {
		if (scheduled.compareAndSet(false, true)) {
			background.execute(() -> {
				try {
					Thread.sleep(GATHER_MILLIS);
				}
				catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					return;
				}
				scheduled.set(false);
				dispatch();
			});
		}
	}

	@Scheduled(fixedDelayString = "${bodega.mail.poll-interval:5s}", initialDelayString = "5s")
	void dispatch() {
		try {
			while (Boolean.TRUE.equals(tx.execute(status -> sendBatch()))) {
				// another full batch may be waiting
			}
		}
		catch (RuntimeException e) {
			log.warn("Mail dispatch failed; it will be retried", e);
		}
	}

	private boolean sendBatch() {
		// The outbox swings from empty to many thousands of rows: a plan made while it was nearly empty reads the whole
		// table, which cost a busy checkout benchmark a tenth of the database's time.
		QueryPlans.planAfresh(jdbc);
		List<Queued> batch = jdbc.sql("""
				select id, recipient, subject, body, attempts from mail_outbox
				where sent_at is null and failed_at is null and next_attempt_at <= now()
				order by id limit :batch for update skip locked""")
			.param("batch", BATCH)
			.query(Queued.class)
			.list();
		List<Long> sent = new ArrayList<>();
		for (Queued mail : batch) {
			try {
				deliver(mail);
				sent.add(mail.id());
			}
			catch (RuntimeException | IOException e) {
				int attempts = mail.attempts() + 1;
				log.warn("Sending mail {} failed (attempt {}): {}", mail.id(), attempts, e.toString());
				jdbc.sql("""
						update mail_outbox set attempts = :attempts, last_error = :error,
						  next_attempt_at = now() + make_interval(secs => :pause),
						  failed_at = case when :attempts >= :max then now() end,
						  body = case when :attempts >= :max then null else body end
						where id = :id""")
					.param("attempts", attempts)
					.param("error", e.toString())
					.param("pause", Math.min(3600, 5 * (1 << attempts)))
					.param("max", MAX_ATTEMPTS)
					.param("id", mail.id())
					.update();
			}
		}
		if (!sent.isEmpty()) {
			jdbc.sql("update mail_outbox set sent_at = now(), body = null, attempts = attempts + 1 where id = any(?)")
				.param(sent.toArray(Long[]::new))
				.update();
		}
		return batch.size() == BATCH;
	}

	private void deliver(Queued mail) throws IOException {
		if (smtpConfigured) {
			SimpleMailMessage message = new SimpleMailMessage();
			message.setFrom(from);
			message.setTo(mail.recipient());
			message.setSubject(mail.subject());
			message.setText(mail.body());
			sender.getObject().send(message);
			return;
		}
		devMailbox.deliver(mail.id(), mail.recipient(), mail.subject(), mail.body());
	}
}

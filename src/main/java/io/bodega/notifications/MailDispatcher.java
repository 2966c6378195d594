package io.bodega.notifications;

import java.io.IOException;
import java.net.IDN;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;

import io.bodega.shared.Hashes;
import io.bodega.shared.db.QueryPlans;
import io.bodega.shared.keys.SecretKeys;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.mail.autoconfigure.MailProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Sends queued mail. Runs right after a mail is queued and every few seconds on every
 * node. A batch of due mails is claimed in a short transaction
 * ({@code FOR UPDATE SKIP LOCKED}, so two nodes never claim the same mail) for
 * {@value #CLAIM_SECONDS} s; the mails are then sent with no transaction open (an SMTP
 * server may take seconds, and no database lock or connection waits on it); sent mails
 * are marked together at least every second, and a failure is recorded right after its
 * send. A failed send is retried with growing pauses and given up after 8 attempts. A
 * mail's body (which may carry a reset link) is cleared once it is sent or given up, so
 * links do not linger in the table.
 * <p>
 * At most once cannot be had over SMTP: a node that dies (or loses the database) after a
 * mail left and before its mark committed sends it again once the claim runs out. So
 * every mail carries a {@code Message-ID} that is the same on every attempt
 * ({@link #messageId}): what receivers that de-duplicate (some mail clients and relays;
 * most mail servers do not) recognise a second copy by. Without SMTP, the development
 * mailbox writes each mail to a file named by its id, so a second attempt overwrites the
 * first.
 */
@Component
class MailDispatcher {

	private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

	private static final int MAX_ATTEMPTS = 8;

	private static final int BATCH = 50;

	private static final long GATHER_MILLIS = 50;

	/**
	 * How long a batch is claimed. A send is bounded by the SMTP timeouts (10 s each to
	 * connect, read and write); a batch still sending near the end of its claim leaves
	 * the rest for the next claim rather than risk a second node sending them too.
	 */
	static final int CLAIM_SECONDS = 600;

	private static final int CLAIM_MARGIN_SECONDS = 120;

	private static final long MARK_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

	private static final String FALLBACK_DOMAIN = "bodega.localhost";

	private static final Pattern DOT_ATOM = Pattern.compile("[a-z0-9-]+(\\.[a-z0-9-]+)*");

	private record Queued(long id, String recipient, String subject, String body, int attempts) {
	}

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final ObjectProvider<JavaMailSender> sender;

	private final boolean smtpConfigured;

	private final String from;

	private final String domain;

	private final byte[] messageIdKey;

	private final DevMailbox devMailbox;

	private final ExecutorService background = Executors.newSingleThreadExecutor(Thread.ofVirtual().factory());

	private final AtomicBoolean scheduled = new AtomicBoolean();

	/**
	 * @param smtp Spring Boot's {@code spring.mail.*} settings: mail goes over SMTP when
	 * they name a host ({@code BODEGA_SMTP_HOST}); Boot makes them a bean only when the
	 * host is set at all
	 */
	MailDispatcher(JdbcClient jdbc, TransactionTemplate tx, ObjectProvider<JavaMailSender> sender,
			ObjectProvider<MailProperties> smtp, NotificationProperties properties, SecretKeys keys) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.sender = sender;
		MailProperties smtpSettings = smtp.getIfAvailable();
		this.smtpConfigured = smtpSettings != null && StringUtils.hasText(smtpSettings.getHost());
		this.from = properties.mail().from();
		this.domain = domainOf(from);
		this.messageIdKey = keys.key("mail-message-id");
		this.devMailbox = new DevMailbox(properties.dataDir().resolve("mail"), from);
	}

	/**
	 * Sends what is queued shortly: after a pause of {@value #GATHER_MILLIS} ms, so that
	 * the mails of many transactions committing at once (a busy shop's order
	 * confirmations) go out in one batch and one transaction.
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
			// not in a transaction: each batch is claimed in one of its own, and its
			// mails are sent outside any
			while (sendBatch()) {
				// another full batch may be waiting
			}
		}
		catch (RuntimeException e) {
			log.warn("Mail dispatch failed; it will be retried", e);
		}
	}

	private boolean sendBatch() {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(CLAIM_SECONDS - CLAIM_MARGIN_SECONDS);
		List<Queued> batch = tx.execute(status -> claimBatch());
		List<Long> sent = new ArrayList<>();
		long flushed = System.nanoTime();
		try {
			for (Queued mail : batch) {
				if (System.nanoTime() > deadline) {
					// the rest of the claim may run out mid-send: they go with a later
					// claim
					return true;
				}
				try {
					deliver(mail);
					sent.add(mail.id());
				}
				catch (RuntimeException | IOException | MessagingException e) {
					failed(mail, e);
				}
				// Sent mails are marked together, at least every second: one statement
				// for a batch of order
				// confirmations, and a slow mail server still leaves little to send again
				// after a crash.
				if (System.nanoTime() - flushed > MARK_EVERY_NANOS) {
					markSent(sent);
					flushed = System.nanoTime();
				}
			}
		}
		finally {
			// Should this mark fail, the mails go again when their claim runs out, with
			// the same Message-IDs.
			markSent(sent);
		}
		return batch.size() == BATCH;
	}

	/**
	 * Claims up to {@value #BATCH} due mails for {@value #CLAIM_SECONDS} s, in the order
	 * they were queued.
	 */
	private List<Queued> claimBatch() {
		// The outbox swings from empty to many thousands of rows: a plan made while
		// it was nearly empty reads the
		// whole table, which cost a busy checkout benchmark a tenth of the database's
		// time.
		QueryPlans.planAfresh(jdbc);
		return jdbc.sql("""
				update mail_outbox set next_attempt_at = now() + make_interval(secs => :claim)
				where id in (select id from mail_outbox
				             where sent_at is null and failed_at is null and next_attempt_at <= now()
				             order by id limit :batch for update skip locked)
				returning id, recipient, subject, body, attempts""")
			.param("claim", CLAIM_SECONDS)
			.param("batch", BATCH)
			.query(Queued.class)
			.list()
			.stream()
			// in the order they were queued: returning does not keep the subquery's
			// order
			.sorted(Comparator.comparingLong(Queued::id))
			.toList();
	}

	private void markSent(List<Long> sent) {
		if (!sent.isEmpty()) {
			jdbc.sql("update mail_outbox set sent_at = now(), body = null, attempts = attempts + 1 where id = any(?)")
				.param(sent.toArray(Long[]::new))
				.update();
			sent.clear();
		}
	}

	private void failed(Queued mail, Exception e) {
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

	private void deliver(Queued mail) throws IOException, MessagingException {
		String messageId = messageId(mail.id());
		if (smtpConfigured) {
			JavaMailSender smtp = sender.getObject();
			MimeMessage message = smtp.createMimeMessage();
			MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
			helper.setFrom(from);
			helper.setTo(mail.recipient());
			helper.setSubject(mail.subject());
			helper.setText(mail.body());
			// Spring's sender keeps a Message-ID set before sending (JavaMail would make
			// a new one per attempt).
			message.setHeader("Message-ID", messageId);
			smtp.send(message);
			return;
		}
		devMailbox.deliver(mail.id(), messageId, mail.recipient(), mail.subject(), mail.body());
	}

	/**
	 * The mail's {@code Message-ID}, the same on every attempt and every node: its outbox
	 * id and a keyed digest of it (so ids of different shops or databases never clash,
	 * and the id reveals no count), at the sender's domain.
	 */
	String messageId(long id) {
		String digest = Hashes.hmacSha256Hex(messageIdKey, Long.toString(id)).substring(0, 16);
		return "<" + id + "." + digest + "@" + domain + ">";
	}

	/**
	 * The domain of the sender's address ({@code Bodega <no-reply@shop.example>}), in
	 * ASCII: where its Message-IDs live. A sender without a usable domain gets
	 * {@code bodega.localhost}, so a Message-ID is always well-formed.
	 */
	static String domainOf(String from) {
		try {
			String address = new InternetAddress(from, false).getAddress();
			String domain = IDN.toASCII(address.substring(address.lastIndexOf('@') + 1)).toLowerCase(Locale.ROOT);
			return DOT_ATOM.matcher(domain).matches() && address.contains("@") ? domain : FALLBACK_DOMAIN;
		}
		catch (AddressException | IllegalArgumentException e) {
			return FALLBACK_DOMAIN;
		}
	}

}

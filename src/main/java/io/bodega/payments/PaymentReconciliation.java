package io.bodega.payments;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import io.bodega.payments.PaymentGateway.Charge;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Every {@code BODEGA_PAYMENT_RECONCILE}, every node completes the payments left pending
 * for at least that long without word from their provider: a node that died between
 * recording a payment and recording its charge's outcome must not lose money the provider
 * took. At most {@value #BATCH} a round, so a provider that is down costs each round
 * little. Safe on every node at once: a payment another node is completing is skipped
 * ({@code FOR UPDATE SKIP LOCKED}).
 */
@Component
class PaymentReconciliation {

	private static final Logger log = LoggerFactory.getLogger(PaymentReconciliation.class);

	private static final int BATCH = 50;

	/**
	 * After this long without an answer from its provider, a pending payment the provider
	 * never heard of is failed: no charge call lasts anywhere near as long (gateways time
	 * out well before), so none can still be on its way.
	 */
	private static final Duration NEVER_CHARGED_AFTER = Duration.ofMinutes(10);

	/**
	 * How long a payment given up as never charged is still asked about: a provider may
	 * yet take the money (and its webhook may be lost), and that money must not be
	 * dropped.
	 */
	private static final Duration LATE_CHARGES_FOR = Duration.ofDays(3);

	private final JdbcClient jdbc;

	private final Payments payments;

	private final PaymentGateways gateways;

	private final TransactionTemplate ownTransaction;

	private final Duration quiet;

	PaymentReconciliation(JdbcClient jdbc, Payments payments, PaymentGateways gateways,
			PlatformTransactionManager transactions, PaymentsProperties properties) {
		this.jdbc = jdbc;
		this.payments = payments;
		this.gateways = gateways;
		// Each payment is completed in a transaction of its own, so one that fails holds
		// back none of the others.
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.quiet = properties.reconcile();
	}

	@Scheduled(fixedDelayString = "${bodega.payments.reconcile}", initialDelayString = "${bodega.payments.reconcile}")
	void run() {
		reconcile(quiet, BATCH);
	}

	/**
	 * Completes pending payments nobody has heard of for at least {@code quiet} (their
	 * node died while charging, or their webhook was lost) by asking their provider how
	 * the charge ended. A payment still pending at the provider is asked about again
	 * after another {@code quiet}.
	 */
	void reconcile(Duration quiet, int batch) {
		List<UUID> due = jdbc.sql("""
				select id from payments
				where status = 'pending' and updated_at < now() - make_interval(secs => ?)
				order by updated_at limit ?""").params(seconds(quiet), batch).query(UUID.class).list();
		eachLocked(due, PaymentStatus.PENDING, quiet, this::complete);
		// Payments given up as never charged are asked about again for a few days, in
		// case the charge went through after all: a late success then pays the order or
		// is refunded (see Payments.lateSuccess).
		List<UUID> givenUp = jdbc.sql("""
				select id from payments
				where status = 'failed' and failure_reason = 'not_charged'
				  and created_at > now() - make_interval(secs => ?) and updated_at < now() - make_interval(secs => ?)
				order by updated_at limit ?""")
			.params(seconds(LATE_CHARGES_FOR), seconds(quiet), batch)
			.query(UUID.class)
			.list();
		eachLocked(givenUp, PaymentStatus.FAILED, quiet, this::askAgain);
	}

	/**
	 * Runs {@code work} on each payment, each in a transaction of its own, that still has
	 * {@code status} and no news for {@code quiet}; one another node holds is skipped
	 * ({@code FOR UPDATE SKIP LOCKED}), one that fails is tried again next round.
	 */
	private void eachLocked(List<UUID> ids, PaymentStatus status, Duration quiet, Consumer<LockedPayment> work) {
		for (UUID id : ids) {
			try {
				ownTransaction.executeWithoutResult(tx -> LockedPayment.lock(jdbc, """
						id = ? and status = ? and updated_at < now() - make_interval(secs => ?)
						for update skip locked""", id, status.value(), seconds(quiet)).ifPresent(work));
			}
			catch (RuntimeException e) {
				log.warn("Payment {} could not be completed with its provider; trying again later", id, e);
			}
		}
	}

	/**
	 * A pending payment: settled as its provider says the charge ended; failed as
	 * {@code not_charged} once its provider has not heard of it for
	 * {@link #NEVER_CHARGED_AFTER}; otherwise asked about again next time.
	 */
	private void complete(LockedPayment payment) {
		Optional<Charge> charge = providerStatus(payment);
		if (charge.isPresent()) {
			payments.settle(payment, charge.get());
			return;
		}
		boolean abandoned = jdbc.sql("select created_at < now() - make_interval(secs => ?) from payments where id = ?")
			.params(seconds(NEVER_CHARGED_AFTER), payment.id())
			.query(Boolean.class)
			.single();
		if (abandoned) {
			log.warn("Payment {} was never received by its provider; it failed", payment.id());
			// Settled as a failed charge that kept its claim as reference: the order is
			// told
			// and PaymentFailed published, as for a declined card.
			payments.settle(payment, new Charge(Charge.Status.FAILED, null, "not_charged"));
		}
		else {
			touch(payment);
		}
	}

	/**
	 * A payment given up as never charged: if its provider now reports the charge
	 * succeeded, it is a late success.
	 */
	private void askAgain(LockedPayment payment) {
		Optional<Charge> charge = providerStatus(payment);
		try {
			if (charge.isPresent() && charge.get().status() == Charge.Status.SUCCEEDED) {
				payments.lateSuccess(payment, charge.get().reference());
				return;
			}
		}
		catch (Payments.SettleLater pending) {
			// asked again next round
		}
		touch(payment);
	}

	/**
	 * How the payment's charge ended as its provider tells; empty when the provider never
	 * received it.
	 */
	private Optional<Charge> providerStatus(LockedPayment payment) {
		return gateways.find(payment.method()).flatMap(gateway -> gateway.status(payment.id()));
	}

	/** No news: the payment is asked about again after another quiet period. */
	private void touch(LockedPayment payment) {
		jdbc.sql("update payments set updated_at = now() where id = ?").param(payment.id()).update();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

}

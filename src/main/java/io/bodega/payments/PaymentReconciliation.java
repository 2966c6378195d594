package io.bodega.payments;

import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code BODEGA_PAYMENT_RECONCILE}, every node completes the payments left pending
 * for at least that long without word from their provider: a node that died between
 * recording a payment and recording its charge's outcome must not lose money the provider
 * took. At most {@value #BATCH} a round, so a provider that is down costs each round
 * little. See {@link Payments#reconcile}.
 */
@Component
class PaymentReconciliation {

	private static final int BATCH = 50;

	private final Payments payments;

	private final Duration quiet;

	PaymentReconciliation(Payments payments, PaymentsProperties properties) {
		this.payments = payments;
		this.quiet = properties.reconcile();
	}

	@Scheduled(fixedDelayString = "${bodega.payments.reconcile}", initialDelayString = "${bodega.payments.reconcile}")
	void run() {
		payments.reconcile(quiet, BATCH);
	}

}

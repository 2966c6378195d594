package io.bodega.payments;

import java.util.UUID;

import io.bodega.shared.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives money back, always a payment's whole amount. Only a payment this transaction
 * holds locked and knows to be succeeded is refunded, and refunding records it
 * {@code refunded}, so a payment is refunded at most once however many ask at the same
 * time. A gateway that fails throws, undoing the caller's transaction: the refund is then
 * asked again (the order's event is delivered again, or the provider's news comes again).
 */
@Component
class Refunds {

	private static final Logger log = LoggerFactory.getLogger(Refunds.class);

	/**
	 * A gateway did not give the money back: the caller's transaction is undone, so the
	 * refund is asked again later.
	 */
	static final class RefundFailed extends IllegalStateException {

		RefundFailed(UUID payment, String reason) {
			super("Refund of payment " + payment + " failed: " + reason);
		}

	}

	private final JdbcClient jdbc;

	private final PaymentGateways gateways;

	Refunds(JdbcClient jdbc, PaymentGateways gateways) {
		this.jdbc = jdbc;
		this.gateways = gateways;
	}

	/**
	 * Gives back the money of the order's succeeded payment, if it has one. Safe to call
	 * again, even at once: a second delivery of the same event finds the payment refunded
	 * and does nothing.
	 */
	@Transactional
	void refundOrder(UUID orderId, String reason) {
		LockedPayment.lockAll(jdbc, "order_id = ? and status = 'succeeded' for update", orderId)
			.forEach(payment -> refund(payment, reason));
	}

	/** Refunds a payment this transaction holds locked and knows to be succeeded. */
	void refund(LockedPayment payment, String reason) {
		PaymentGateway gateway = gateways.find(payment.method())
			.orElseThrow(() -> new RefundFailed(payment.id(), "no gateway for method " + payment.method()));
		PaymentGateway.Refund refund = gateway.refund(payment.providerRef(), payment.amount());
		if (refund.status() != PaymentGateway.Refund.Status.SUCCEEDED) {
			throw new RefundFailed(payment.id(), refund.failureReason());
		}
		jdbc.sql("""
				insert into refunds (id, payment_id, amount, currency, reason, provider_ref)
				values (?, ?, ?, ?, ?, ?)""")
			.params(Ids.newId(), payment.id(), payment.amount().amount(), payment.amount().currency(), reason,
					refund.reference())
			.update();
		jdbc.sql("update payments set status = 'refunded', updated_at = now() where id = ?")
			.param(payment.id())
			.update();
		log.info("Refunded payment {} of order {} ({})", payment.id(), payment.orderId(), reason);
	}

}

package io.bodega.payments;

import java.util.Optional;
import java.util.UUID;

import io.bodega.ordering.OrderId;
import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.Ordering;
import io.bodega.payments.PaymentGateway.Charge;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The payments facade. A payment is made in three steps, because no database transaction
 * can span the provider:
 * <ol>
 * <li>a short transaction of its own locks the order, checks it awaits payment and
 * records the payment {@code pending}, and commits before anything is charged. The
 * database allows one pending, succeeded or refunded payment per order, so two payments
 * racing for one order cannot both get this far;</li>
 * <li>the card is charged outside any transaction, with the payment's id as the
 * provider's idempotency key;</li>
 * <li>another transaction records the outcome and, on success, marks the order paid, or
 * refunds the payment at once if the order was cancelled or expired while the card was
 * being charged.</li>
 * </ol>
 * Whatever fails after the first step (a node dying while charging included) leaves a
 * committed pending payment, which {@link PaymentReconciliation} completes later by
 * asking the provider; a late webhook completes it through the same third step
 * ({@link #complete}, the one method gateways outside this package call). Money goes back
 * only through that step and {@link Refunds}, both with the payment row locked, so a
 * payment is refunded at most once.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	static final class NotPayable extends DomainException {

		NotPayable(String detail) {
			super(Kind.CONFLICT, "invalid_state", detail);
		}

	}

	/**
	 * A late success for an order whose other payment is still pending: whether the order
	 * needs this charge depends on how that one ends, so the news is refused (the
	 * provider sends it again) or left for the next reconciliation.
	 */
	static final class SettleLater extends DomainException {

		SettleLater(UUID payment) {
			super(Kind.CONFLICT, "payment_pending", "Another payment of the order is still pending; send the event "
					+ "again later (payment " + payment + ")");
		}

	}

	/**
	 * A webhook named a charge Bodega has not recorded yet; the provider is told to send
	 * it again.
	 */
	static final class UnknownCharge extends DomainException {

		UnknownCharge(String reference) {
			super(Kind.CONFLICT, "unknown_charge",
					"No payment has the reference " + reference + " yet; send the " + "event again later");
		}

	}

	private final JdbcClient jdbc;

	private final Ordering ordering;

	private final ApplicationEventPublisher events;

	private final PaymentGateways gateways;

	private final DeclineLimits declineLimits;

	private final Refunds refunds;

	private final PaymentViews views;

	private final TransactionTemplate ownTransaction;

	Payments(JdbcClient jdbc, Ordering ordering, ApplicationEventPublisher events, PaymentGateways gateways,
			DeclineLimits declineLimits, Refunds refunds, PaymentViews views, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.ordering = ordering;
		this.events = events;
		this.gateways = gateways;
		this.declineLimits = declineLimits;
		this.refunds = refunds;
		this.views = views;
		// The HTTP layer runs the request in its idempotency transaction: each step must
		// commit on its own.
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Pays the order in the three steps described above; the answer is the payment as it
	 * ended, {@code refunded} when the order was cancelled while the card was being
	 * charged. If anything fails after the payment was recorded, the caller gets an error
	 * but the pending payment stays and is completed by {@link PaymentReconciliation}: a
	 * retry then finds it and is 409 {@code invalid_state}, and the order's payments tell
	 * how it ended.
	 */
	PaymentView pay(OrderId orderId, CurrentUser caller, String token, String method, String cardNumber,
			String clientAddress) {
		PaymentGateway gateway = gateways.offered(method);
		UUID id = Ids.newId();
		Ordering.Payable order = ownTransaction
			.execute(tx -> start(id, orderId, caller, token, gateway, cardNumber, clientAddress));
		Charge charge = gateway.charge(id, order.number(), order.total(), cardNumber);
		ownTransaction.executeWithoutResult(
				tx -> LockedPayment.lock(jdbc, "id = ? for update", id).ifPresent(payment -> record(payment, charge)));
		return views.one(id);
	}

	/**
	 * A gateway reports, later, how a charge ended, naming it by its reference and, when
	 * the provider knows it, by Bodega's payment id (the idempotency key the charge was
	 * made with: a payment whose charge outcome was lost has no reference yet). A charge
	 * no payment has yet (the webhook overtook the commit of the charge's outcome) is
	 * refused with {@link UnknownCharge}, so the provider sends it again. A pending
	 * payment is completed; a payment recorded as failed whose charge the provider
	 * reports succeeded is a late success (see {@link #lateSuccess}); any other news of a
	 * payment that has ended changes nothing.
	 */
	@Transactional
	public void complete(String method, String reference, UUID paymentId, boolean succeeded) {
		Optional<LockedPayment> found = LockedPayment
			.lock(jdbc, "method = ? and provider_ref = ? for update", method, reference)
			.or(() -> paymentId == null ? Optional.empty()
					: LockedPayment.lock(jdbc, "method = ? and id = ? for update", method, paymentId));
		if (found.isEmpty()) {
			throw new UnknownCharge(reference);
		}
		record(found.get(), succeeded ? new Charge(Charge.Status.SUCCEEDED, reference, null)
				: new Charge(Charge.Status.FAILED, reference, "card_declined"));
	}

	/**
	 * The first step: locks the order, checks that it awaits payment and records the
	 * payment pending. Committed before anything is charged, so the charge can never
	 * outlive its record. The attempt counts against the {@link DeclineLimits} until it
	 * turns out to have gone through, so one past either limit is refused here.
	 */
	private Ordering.Payable start(UUID id, OrderId orderId, CurrentUser caller, String token, PaymentGateway gateway,
			String cardNumber, String clientAddress) {
		Ordering.Payable order = ordering.payable(orderId, caller, token);
		if (!order.awaitingPayment()) {
			throw new NotPayable("Order " + order.number() + " is " + order.status().value()
					+ ": only an order awaiting " + "payment can be paid");
		}
		gateway.check(cardNumber);
		declineLimits.claim(id, orderId, clientAddress);
		try {
			jdbc.sql("""
					insert into payments (id, order_id, method, status, amount, currency, provider_ref, card_last4)
					values (?, ?, ?, 'pending', ?, ?, ?, ?)""")
				.params(id, orderId.value(), gateway.method(), order.total().amount(), order.total().currency(),
						"claim:" + id,
						cardNumber.length() >= 4 ? cardNumber.substring(cardNumber.length() - 4) : cardNumber)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new NotPayable("Order " + order.number() + " already has a payment that is pending or succeeded");
		}
		return order;
	}

	/**
	 * What a charge came to, for a payment this transaction holds locked: a pending
	 * payment is settled; a failed one whose charge did succeed after all is a
	 * {@linkplain #lateSuccess late success}; anything else was settled before.
	 */
	private void record(LockedPayment payment, Charge charge) {
		if (payment.status() == PaymentStatus.PENDING) {
			settle(payment, charge);
		}
		else if (payment.status() == PaymentStatus.FAILED && charge.status() == Charge.Status.SUCCEEDED) {
			lateSuccess(payment, charge.reference());
		}
	}

	/**
	 * The third step, for a payment this transaction holds locked and pending: records
	 * how the charge ended. A charge that failed fails the payment and tells the order. A
	 * charge that succeeded marks the order paid; if the order can no longer be paid
	 * (cancelled or expired meanwhile), the provider did take the money, so the payment
	 * is recorded as succeeded and refunded at once with the reason
	 * {@code order_not_payable}, and the order stays as it is.
	 */
	void settle(LockedPayment payment, Charge charge) {
		boolean succeeded = charge.status() == Charge.Status.SUCCEEDED;
		// The order is locked before the payment's status changes, as the first step
		// does: the other way round, this step and a racing first step would each wait
		// for
		// the other (the new status enters the one-live-payment index).
		OrderStatus orderStatus = succeeded ? ordering.lockedStatus(payment.orderId()) : null;
		// A provider may name no reference for a declined card: the claim then stays the
		// payment's reference.
		jdbc.sql("""
				update payments set status = ?, provider_ref = coalesce(?, provider_ref), failure_reason = ?,
				                    updated_at = now()
				where id = ?""")
			.params(PaymentStatus.after(charge).value(), charge.reference(), charge.failureReason(), payment.id())
			.update();
		if (charge.status() == Charge.Status.FAILED) {
			ordering.paymentFailed(payment.orderId(), charge.failureReason());
			events.publishEvent(new PaymentFailed(payment.id(), payment.orderId().value(), payment.method(),
					payment.amount(), charge.failureReason()));
		}
		if (!succeeded) {
			return;
		}
		declineLimits.release(payment.id());
		if (orderStatus == OrderStatus.PENDING_PAYMENT) {
			ordering.markPaid(payment.orderId());
			return;
		}
		log.warn("Payment {} succeeded for order {} that is no longer awaiting payment; refunding it", payment.id(),
				payment.orderId());
		refunds.refund(payment.withProviderRef(charge.reference()), "order_not_payable");
	}

	/**
	 * The provider took the money of a payment Bodega had recorded as failed: declined at
	 * first and accepted later, or given up by reconciliation before its charge went
	 * through. The money is never dropped. If the order still awaits payment and has no
	 * other live payment, this one becomes its payment and the order is paid. Otherwise
	 * (the order was paid another way, or cancelled) the charge is recorded and refunded
	 * at once, with the reason {@code duplicate_charge} when another payment holds the
	 * order, {@code order_not_payable} when none does; a duplicate stays out of the
	 * one-live-payment rule, which is about the order's own payment.
	 */
	void lateSuccess(LockedPayment payment, String reference) {
		// The order first, as every step that changes a payment's standing locks it: a
		// payment being started for the order waits, and then finds it paid (or sees this
		// payment's charge below).
		OrderStatus orderStatus = ordering.lockedStatus(payment.orderId());
		Optional<PaymentStatus> other = jdbc.sql("""
				select status from payments
				where order_id = ? and id <> ? and status in ('pending', 'succeeded', 'refunded') and not duplicate""")
			.params(payment.orderId().value(), payment.id())
			.query((rs, n) -> PaymentStatus.of(rs.getString(1)))
			.optional();
		if (other.filter(PaymentStatus.PENDING::equals).isPresent()) {
			throw new SettleLater(payment.id());
		}
		boolean otherLive = other.isPresent();
		jdbc.sql(
				"""
						update payments set status = 'succeeded', provider_ref = coalesce(?, provider_ref), failure_reason = null,
						                    duplicate = ?, updated_at = now()
						where id = ?""")
			.params(reference, otherLive, payment.id())
			.update();
		declineLimits.release(payment.id());
		if (orderStatus == OrderStatus.PENDING_PAYMENT && !otherLive) {
			log.warn("Payment {} was recorded as failed, but its provider took the money after all; it pays order {}",
					payment.id(), payment.orderId());
			ordering.markPaid(payment.orderId());
			return;
		}
		log.warn(
				"Payment {} was recorded as failed, but its provider took the money after all; order {} does not need "
						+ "it ({}), so it is refunded",
				payment.id(), payment.orderId(), otherLive ? "paid otherwise" : orderStatus.value());
		refunds.refund(payment.withProviderRef(reference), otherLive ? "duplicate_charge" : "order_not_payable");
	}

}

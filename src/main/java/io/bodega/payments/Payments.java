package io.bodega.payments;

import org.jspecify.annotations.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.Ordering;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.ClientAddress;
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
import java.util.function.Consumer;

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
 * committed pending payment, which {@link #reconcile} completes later by asking the
 * provider; a late webhook completes it through the same third step. Money goes back only
 * through that step and {@link #refundOrder}, both with the payment row locked, so a
 * payment is refunded at most once.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	/**
	 * A payment attempt as the API shows it; {@code refund} once its money was given
	 * back.
	 */
	@Schema(name = "Payment")
	public record View(UUID id, UUID orderId, String method, String status, Money amount, @Nullable String cardLast4,
			@Nullable String failureReason, @Nullable RefundView refund, Instant createdAt) {
	}

	/** Money given back for a payment: always its whole amount, for now. */
	@Schema(name = "Refund")
	public record RefundView(Money amount, String reason, Instant createdAt) {
	}

	static final class NotPayable extends DomainException {

		NotPayable(String detail) {
			super(Kind.CONFLICT, "invalid_state", detail);
		}

	}

	/**
	 * A gateway did not give the money back: the caller's transaction is undone, so the
	 * refund is asked again later.
	 */
	static final class RefundFailed extends IllegalStateException {

		RefundFailed(UUID payment, String reason) {
			super("Refund of payment " + payment + " failed: " + reason);
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

	/** A payment whose row the current transaction holds locked. */
	private record Locked(UUID id, UUID orderId, String method, String status, String providerRef, Money amount) {

		Locked withProviderRef(String reference) {
			return new Locked(id, orderId, method, status, reference, amount);
		}
	}

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

	private static final String LOCKED = "select id, order_id, method, status, provider_ref, amount, currency from payments ";

	private static final String VIEWS = """
			select p.id, p.order_id, p.method, p.status, p.amount, p.currency, p.card_last4, p.failure_reason,
			       p.created_at, r.amount as refund_amount, r.currency as refund_currency, r.reason as refund_reason,
			       r.created_at as refunded_at
			from payments p left join refunds r on r.payment_id = p.id
			""";

	private final JdbcClient jdbc;

	private final Ordering ordering;

	private final ApplicationEventPublisher events;

	private final Map<String, PaymentGateway> gateways;

	private final TransactionTemplate ownTransaction;

	private final RateLimits rateLimits;

	private final RateLimits.Limit declinesPerOrder;

	private final RateLimits.Limit declinesPerAddress;

	Payments(JdbcClient jdbc, Ordering ordering, List<PaymentGateway> gateways, PlatformTransactionManager transactions,
			RateLimits rateLimits, PaymentsProperties properties, ApplicationEventPublisher events) {
		this.events = events;
		this.rateLimits = rateLimits;
		this.declinesPerOrder = new RateLimits.Limit("payment-decline-order", properties.declineOrderLimit(),
				properties.declineWindow(), "Too many declined payments for this order; try again later");
		this.declinesPerAddress = new RateLimits.Limit("payment-decline-address", properties.declineAddressLimit(),
				properties.declineWindow(), "Too many declined payments from your address; try again later");
		this.jdbc = jdbc;
		this.ordering = ordering;
		this.gateways = gateways.stream().collect(Collectors.toMap(PaymentGateway::method, Function.identity()));
		// The HTTP layer runs the request in its idempotency transaction: each step must
		// commit on its own.
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
	}

	/**
	 * Pays the order in the three steps described above; the answer is the payment as it
	 * ended, {@code refunded} when the order was cancelled while the card was being
	 * charged. If anything fails after the payment was recorded, the caller gets an error
	 * but the pending payment stays and is completed by {@link #reconcile}: a retry then
	 * finds it and is 409 {@code invalid_state}, and the order's payments tell how it
	 * ended.
	 */
	public View pay(UUID orderId, CurrentUser caller, String token, String method, String cardNumber,
			String clientAddress) {
		PaymentGateway gateway = gateways.get(method);
		if (gateway == null) {
			throw new ValidationFailed("method",
					gateways.isEmpty() ? "is not offered: this server takes no payment method"
							: "is not offered: use " + String.join(", ", gateways.keySet()));
		}
		UUID id = Ids.newId();
		Ordering.Payable order = ownTransaction
			.execute(tx -> start(id, orderId, caller, token, gateway, cardNumber, clientAddress));
		PaymentGateway.Charge charge = gateway.charge(id, order.number(), order.total(), cardNumber);
		ownTransaction
			.executeWithoutResult(tx -> lock("id = ? for update", id).ifPresent(payment -> record(payment, charge)));
		return view(id);
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
		Optional<Locked> found = lock("method = ? and provider_ref = ? for update", method, reference)
			.or(() -> paymentId == null ? Optional.empty()
					: lock("method = ? and id = ? for update", method, paymentId));
		if (found.isEmpty()) {
			throw new UnknownCharge(reference);
		}
		record(found.get(),
				succeeded ? new PaymentGateway.Charge(PaymentGateway.Charge.Status.SUCCEEDED, reference, null)
						: new PaymentGateway.Charge(PaymentGateway.Charge.Status.FAILED, reference, "card_declined"));
	}

	/**
	 * What a charge came to, for a payment this transaction holds locked: a pending
	 * payment is settled; a failed one whose charge did succeed after all is a
	 * {@linkplain #lateSuccess late success}; anything else was settled before.
	 */
	private void record(Locked payment, PaymentGateway.Charge charge) {
		if (payment.status().equals("pending")) {
			settle(payment, charge);
		}
		else if (payment.status().equals("failed") && charge.status() == PaymentGateway.Charge.Status.SUCCEEDED) {
			lateSuccess(payment, charge.reference());
		}
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
	private void lateSuccess(Locked payment, String reference) {
		// The order first, as every step that changes a payment's standing locks it: a
		// payment being started for the
		// order waits, and then finds it paid (or sees this payment's charge below).
		OrderStatus orderStatus = ordering.lockedStatus(payment.orderId());
		Optional<String> other = jdbc.sql("""
				select status from payments
				where order_id = ? and id <> ? and status in ('pending', 'succeeded', 'refunded') and not duplicate""")
			.params(payment.orderId(), payment.id())
			.query(String.class)
			.optional();
		if (other.filter("pending"::equals).isPresent()) {
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
		Locked charged = reference == null ? payment : payment.withProviderRef(reference);
		rateLimits.release(payment.id().toString());
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
		refund(charged, otherLive ? "duplicate_charge" : "order_not_payable");
	}

	/**
	 * Completes pending payments nobody has heard of for at least {@code quiet} (their
	 * node died while charging, or their webhook was lost) by asking their provider how
	 * the charge ended, each in a transaction of its own. Safe on every node at once: a
	 * payment another node is completing is skipped ({@code FOR UPDATE SKIP LOCKED}). A
	 * payment still pending at the provider is asked about again after another
	 * {@code quiet}.
	 */
	public void reconcile(Duration quiet, int batch) {
		List<UUID> due = jdbc.sql("""
				select id from payments
				where status = 'pending' and updated_at < now() - make_interval(secs => ?)
				order by updated_at limit ?""").params(seconds(quiet), batch).query(UUID.class).list();
		eachLocked(due, "pending", quiet, this::reconcile);
		// Payments given up as never charged are asked about again for a few days, in
		// case the charge went through
		// after all: a late success then pays the order or is refunded (see lateSuccess).
		List<UUID> givenUp = jdbc.sql("""
				select id from payments
				where status = 'failed' and failure_reason = 'not_charged'
				  and created_at > now() - make_interval(secs => ?) and updated_at < now() - make_interval(secs => ?)
				order by updated_at limit ?""")
			.params(seconds(LATE_CHARGES_FOR), seconds(quiet), batch)
			.query(UUID.class)
			.list();
		eachLocked(givenUp, "failed", quiet, this::askAgain);
	}

	/**
	 * Runs {@code work} on each payment, each in a transaction of its own, that still has
	 * {@code status} and no news for {@code quiet}; one another node holds is skipped
	 * ({@code FOR UPDATE SKIP LOCKED}), one that fails is tried again next round.
	 */
	private void eachLocked(List<UUID> ids, String status, Duration quiet, Consumer<Locked> work) {
		for (UUID id : ids) {
			try {
				ownTransaction.executeWithoutResult(tx -> lock("""
						id = ? and status = ? and updated_at < now() - make_interval(secs => ?)
						for update skip locked""", id, status, seconds(quiet)).ifPresent(work));
			}
			catch (RuntimeException e) {
				log.warn("Payment {} could not be completed with its provider; trying again later", id, e);
			}
		}
	}

	/**
	 * A payment given up as never charged: if its provider now reports the charge
	 * succeeded, it is a late success.
	 */
	private void askAgain(Locked payment) {
		Optional<PaymentGateway.Charge> charge = providerStatus(payment);
		try {
			if (charge.isPresent() && charge.get().status() == PaymentGateway.Charge.Status.SUCCEEDED) {
				lateSuccess(payment, charge.get().reference());
				return;
			}
		}
		catch (SettleLater pending) {
			// asked again next round
		}
		jdbc.sql("update payments set updated_at = now() where id = ?").param(payment.id()).update();
	}

	/**
	 * How the payment's charge ended as its provider tells; empty when the provider never
	 * received it.
	 */
	private Optional<PaymentGateway.Charge> providerStatus(Locked payment) {
		PaymentGateway gateway = gateways.get(payment.method());
		return gateway == null ? Optional.empty() : gateway.status(payment.id());
	}

	private void reconcile(Locked payment) {
		Optional<PaymentGateway.Charge> charge = providerStatus(payment);
		if (charge.isPresent()) {
			settle(payment, charge.get());
			return;
		}
		boolean abandoned = jdbc.sql("select created_at < now() - make_interval(secs => ?) from payments where id = ?")
			.params(seconds(NEVER_CHARGED_AFTER), payment.id())
			.query(Boolean.class)
			.single();
		if (abandoned) {
			log.warn("Payment {} was never received by its provider; it failed", payment.id());
			jdbc.sql(
					"update payments set status = 'failed', failure_reason = 'not_charged', updated_at = now() where id = ?")
				.param(payment.id())
				.update();
			ordering.paymentFailed(payment.orderId(), "not_charged");
			events.publishEvent(new PaymentFailed(payment.id(), payment.orderId(), payment.method(), payment.amount(),
					"not_charged"));
		}
		else {
			jdbc.sql("update payments set updated_at = now() where id = ?").param(payment.id()).update();
		}
	}

	/**
	 * The first step: locks the order, checks that it awaits payment and records the
	 * payment pending. Committed before anything is charged, so the charge can never
	 * outlive its record. Card testing is bounded here: the attempt counts against the
	 * declined-payment limits of its order and its client address until it turns out to
	 * have gone through (the count is then taken back, see {@link #settle}), so an
	 * attempt past either limit is refused before anything is charged.
	 */
	private Ordering.Payable start(UUID id, UUID orderId, CurrentUser caller, String token, PaymentGateway gateway,
			String cardNumber, String clientAddress) {
		Ordering.Payable order = ordering.payable(orderId, caller, token);
		if (!order.awaitingPayment()) {
			throw new NotPayable("Order " + order.number() + " is " + order.status().value()
					+ ": only an order awaiting " + "payment can be paid");
		}
		gateway.check(cardNumber);
		rateLimits.claim(new RateLimits.Claim(declinesPerOrder, orderId.toString(), id.toString()),
				new RateLimits.Claim(declinesPerAddress, ClientAddress.key(clientAddress), id.toString()));
		try {
			jdbc.sql("""
					insert into payments (id, order_id, method, status, amount, currency, provider_ref, card_last4)
					values (?, ?, ?, 'pending', ?, ?, ?, ?)""")
				.params(id, orderId, gateway.method(), order.total().amount(), order.total().currency(), "claim:" + id,
						cardNumber.length() >= 4 ? cardNumber.substring(cardNumber.length() - 4) : cardNumber)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new NotPayable("Order " + order.number() + " already has a payment that is pending or succeeded");
		}
		return order;
	}

	/**
	 * The third step, for a payment this transaction holds locked and pending: records
	 * how the charge ended. A charge that succeeded marks the order paid; if the order
	 * can no longer be paid (cancelled or expired meanwhile), the provider did take the
	 * money, so the payment is recorded as succeeded and refunded at once with the reason
	 * {@code order_not_payable}, and the order stays as it is.
	 */
	private void settle(Locked payment, PaymentGateway.Charge charge) {
		String status = switch (charge.status()) {
			case SUCCEEDED -> "succeeded";
			case FAILED -> "failed";
			case PENDING -> "pending";
		};
		boolean succeeded = charge.status() == PaymentGateway.Charge.Status.SUCCEEDED;
		// The order is locked before the payment's status changes, as the first step
		// does: the other way round, this
		// step and a racing first step would each wait for the other (the new status
		// enters the one-live-payment index).
		OrderStatus orderStatus = succeeded ? ordering.lockedStatus(payment.orderId()) : null;
		// A provider may name no reference for a declined card: the claim then stays the
		// payment's reference.
		jdbc.sql("""
				update payments set status = ?, provider_ref = coalesce(?, provider_ref), failure_reason = ?,
				                    updated_at = now()
				where id = ?""").params(status, charge.reference(), charge.failureReason(), payment.id()).update();
		if (charge.status() == PaymentGateway.Charge.Status.FAILED) {
			ordering.paymentFailed(payment.orderId(), charge.failureReason());
			events.publishEvent(new PaymentFailed(payment.id(), payment.orderId(), payment.method(), payment.amount(),
					charge.failureReason()));
		}
		if (!succeeded) {
			return;
		}
		rateLimits.release(payment.id().toString());
		if (orderStatus == OrderStatus.PENDING_PAYMENT) {
			ordering.markPaid(payment.orderId());
			return;
		}
		log.warn("Payment {} succeeded for order {} that is no longer awaiting payment; refunding it", payment.id(),
				payment.orderId());
		refund(charge.reference() == null ? payment : payment.withProviderRef(charge.reference()), "order_not_payable");
	}

	/** The payment {@code where} names, locked as its locking clause says. */
	private Optional<Locked> lock(String where, Object... params) {
		return jdbc.sql(LOCKED + "where " + where).params(params).query(Payments::locked).optional();
	}

	/**
	 * Gives back the money of the order's succeeded payment, if it has one. Safe to call
	 * again, even at once: the payment row is locked and only a succeeded payment is
	 * refunded, so a second delivery of the same event finds it refunded and does
	 * nothing. A gateway that fails throws, undoing the caller's transaction.
	 */
	@Transactional
	void refundOrder(UUID orderId, String reason) {
		jdbc.sql(LOCKED + "where order_id = ? and status = 'succeeded' for update")
			.param(orderId)
			.query(Payments::locked)
			.list()
			.forEach(payment -> refund(payment, reason));
	}

	/**
	 * The order's payment attempts, oldest first, for its owner or its token holder;
	 * anyone else gets 404.
	 */
	public List<View> ofOrder(UUID orderId, CurrentUser caller, String token) {
		ordering.find(orderId, caller, token);
		return views("p.order_id = ?", orderId);
	}

	/**
	 * Every payment attempt of an order, oldest first (admins); 404 for an unknown order.
	 */
	public List<View> ofOrder(UUID orderId) {
		ordering.get(orderId);
		return views("p.order_id = ?", orderId);
	}

	/** Refunds a payment this transaction holds locked and knows to be succeeded. */
	private void refund(Locked payment, String reason) {
		PaymentGateway gateway = gateways.get(payment.method());
		if (gateway == null) {
			throw new RefundFailed(payment.id(), "no gateway for method " + payment.method());
		}
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

	private View view(UUID id) {
		return views("p.id = ?", id).getFirst();
	}

	private List<View> views(String where, UUID id) {
		return jdbc.sql(VIEWS + "where " + where + " order by p.created_at, p.id").param(id).query((rs, n) -> {
			String currency = rs.getString("currency");
			Timestamp refundedAt = rs.getTimestamp("refunded_at");
			RefundView refund = refundedAt == null ? null
					: new RefundView(Money.of(rs.getLong("refund_amount"), rs.getString("refund_currency")),
							rs.getString("refund_reason"), refundedAt.toInstant());
			return new View(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
					rs.getString("method"), rs.getString("status"), Money.of(rs.getLong("amount"), currency),
					rs.getString("card_last4"), rs.getString("failure_reason"), refund,
					rs.getTimestamp("created_at").toInstant());
		}).list();
	}

	private static double seconds(Duration duration) {
		return duration.toMillis() / 1000.0;
	}

	private static Locked locked(ResultSet rs, int row) throws SQLException {
		return new Locked(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getString("method"),
				rs.getString("status"), rs.getString("provider_ref"),
				Money.of(rs.getLong("amount"), rs.getString("currency")));
	}

}

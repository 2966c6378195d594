package io.bodega.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bodega.ordering.Ordering;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.ValidationFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payments facade. A payment row is written before the gateway is asked, and the database allows one pending,
 * succeeded or refunded payment per order: two payments racing for one order cannot both go through. Success marks the
 * order paid in the same transaction. Money goes back only through {@link #refundOrder} and a late webhook, both with
 * the payment row locked, so a payment is refunded at most once.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	/** A payment attempt as the API shows it; {@code refund} once its money was given back. */
	public record View(UUID id, UUID orderId, String method, String status, Money amount, String cardLast4,
			String failureReason, RefundView refund, Instant createdAt) {
	}

	/** Money given back for a payment: always its whole amount, for now. */
	public record RefundView(Money amount, String reason, Instant createdAt) {
	}

	static final class NotPayable extends DomainException {

		NotPayable(String detail) {
			super(Kind.CONFLICT, "invalid_state", detail);
		}
	}

	/** A gateway did not give the money back: the caller's transaction is undone, so the refund is asked again later. */
	static final class RefundFailed extends IllegalStateException {

		RefundFailed(UUID payment, String reason) {
			super("Refund of payment " + payment + " failed: " + reason);
		}
	}

	/** A payment whose row the current transaction holds locked. */
	private record Locked(UUID id, UUID orderId, String method, String providerRef, Money amount) {
	}

	private static final String LOCKED = "select id, order_id, method, provider_ref, amount, currency from payments ";

	private static final String VIEWS = """
			select p.id, p.order_id, p.method, p.status, p.amount, p.currency, p.card_last4, p.failure_reason,
			       p.created_at, r.amount as refund_amount, r.currency as refund_currency, r.reason as refund_reason,
			       r.created_at as refunded_at
			from payments p left join refunds r on r.payment_id = p.id
			""";

	private final JdbcClient jdbc;
	private final Ordering ordering;
	private final Map<String, PaymentGateway> gateways;

	Payments(JdbcClient jdbc, Ordering ordering, List<PaymentGateway> gateways) {
		this.jdbc = jdbc;
		this.ordering = ordering;
		this.gateways = gateways.stream().collect(Collectors.toMap(PaymentGateway::method, Function.identity()));
	}

	@Transactional
	public View pay(UUID orderId, CurrentUser caller, String token, String method, String cardNumber) {
		PaymentGateway gateway = gateways.get(method);
		if (gateway == null) {
			throw new ValidationFailed("method", "must be one of " + String.join(", ", gateways.keySet()));
		}
		Ordering.Payable order = ordering.payable(orderId, caller, token);
		if (!order.awaitingPayment()) {
			throw new NotPayable("Order " + order.number() + " is " + order.status() + ": only an order awaiting "
					+ "payment can be paid");
		}
		UUID id = Ids.newId();
		try {
			jdbc.sql("""
					insert into payments (id, order_id, method, status, amount, currency, provider_ref, card_last4)
					values (?, ?, ?, 'pending', ?, ?, ?, ?)""")
				.params(id, orderId, method, order.total().amount(), order.total().currency(), "claim:" + id,
						cardNumber.length() >= 4 ? cardNumber.substring(cardNumber.length() - 4) : cardNumber)
				.update();
		}
		catch (DuplicateKeyException e) {
			throw new NotPayable("Order " + order.number() + " already has a payment that is pending or succeeded");
		}
		PaymentGateway.Charge charge = gateway.charge(order.number(), order.total(), cardNumber);
		String status = switch (charge.status()) {
			case SUCCEEDED -> "succeeded";
			case FAILED -> "failed";
			case PENDING -> "pending";
		};
		jdbc.sql("update payments set status = ?, provider_ref = ?, failure_reason = ?, updated_at = now() where id = ?")
			.params(status, charge.reference(), charge.failureReason(), id)
			.update();
		if (charge.status() == PaymentGateway.Charge.Status.SUCCEEDED) {
			ordering.markPaid(orderId);
		}
		return view(id);
	}

	/**
	 * A gateway reports, later, how a pending payment ended. If it succeeded for an order that can no longer be paid
	 * (cancelled or expired meanwhile), the provider did take the money: the payment is recorded as succeeded and
	 * refunded at once, in this transaction, with the reason {@code order_not_payable}, and the order stays as it is.
	 */
	@Transactional
	public void complete(String method, String reference, boolean succeeded) {
		Optional<Locked> found = jdbc.sql(LOCKED + "where method = ? and provider_ref = ? and status = 'pending' for update")
			.params(method, reference)
			.query(Payments::locked)
			.optional();
		if (found.isEmpty()) {
			return;
		}
		Locked payment = found.get();
		String status = succeeded ? "succeeded" : "failed";
		jdbc.sql("update payments set status = ?, failure_reason = ?, updated_at = now() where id = ?")
			.params(status, succeeded ? null : "card_declined", payment.id())
			.update();
		if (!succeeded) {
			return;
		}
		if (ordering.lockedStatus(payment.orderId()).equals("pending_payment")) {
			ordering.markPaid(payment.orderId());
			return;
		}
		log.warn("Payment {} succeeded for order {} that is no longer awaiting payment; refunding it",
				payment.id(), payment.orderId());
		refund(payment, "order_not_payable");
	}

	/**
	 * Gives back the money of the order's succeeded payment, if it has one. Safe to call again, even at once: the
	 * payment row is locked and only a succeeded payment is refunded, so a second delivery of the same event finds it
	 * refunded and does nothing. A gateway that fails throws, undoing the caller's transaction.
	 */
	@Transactional
	void refundOrder(UUID orderId, String reason) {
		jdbc.sql(LOCKED + "where order_id = ? and status = 'succeeded' for update")
			.param(orderId)
			.query(Payments::locked)
			.optional()
			.ifPresent(payment -> refund(payment, reason));
	}

	/** The order's payment attempts, oldest first, for its owner or its token holder; anyone else gets 404. */
	public List<View> ofOrder(UUID orderId, CurrentUser caller, String token) {
		ordering.find(orderId, caller, token);
		return views("p.order_id = ?", orderId);
	}

	/** Every payment attempt of an order, oldest first (admins); 404 for an unknown order. */
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
		jdbc.sql("update payments set status = 'refunded', updated_at = now() where id = ?").param(payment.id()).update();
		log.info("Refunded payment {} of order {} ({})", payment.id(), payment.orderId(), reason);
	}

	private View view(UUID id) {
		return views("p.id = ?", id).getFirst();
	}

	private List<View> views(String where, UUID id) {
		return jdbc.sql(VIEWS + "where " + where + " order by p.created_at, p.id")
			.param(id)
			.query((rs, n) -> {
				String currency = rs.getString("currency");
				Timestamp refundedAt = rs.getTimestamp("refunded_at");
				RefundView refund = refundedAt == null ? null
						: new RefundView(Money.of(rs.getLong("refund_amount"), rs.getString("refund_currency")),
								rs.getString("refund_reason"), refundedAt.toInstant());
				return new View(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
						rs.getString("method"), rs.getString("status"), Money.of(rs.getLong("amount"), currency),
						rs.getString("card_last4"), rs.getString("failure_reason"), refund,
						rs.getTimestamp("created_at").toInstant());
			})
			.list();
	}

	private static Locked locked(ResultSet rs, int row) throws SQLException {
		return new Locked(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class), rs.getString("method"),
				rs.getString("provider_ref"), Money.of(rs.getLong("amount"), rs.getString("currency")));
	}
}

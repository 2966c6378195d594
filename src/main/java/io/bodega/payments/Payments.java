package io.bodega.payments;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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
 * The payments facade. A payment row is written before the gateway is asked, and the database allows one pending or
 * succeeded payment per order: two payments racing for one order cannot both go through. Success marks the order paid
 * in the same transaction.
 */
@Service
public class Payments {

	private static final Logger log = LoggerFactory.getLogger(Payments.class);

	/** A payment as the API shows it. */
	public record View(UUID id, UUID orderId, String method, String status, Money amount, String failureReason,
			Instant createdAt) {
	}

	static final class NotPayable extends DomainException {

		NotPayable(String detail) {
			super(Kind.CONFLICT, "invalid_state", detail);
		}
	}

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
	 * A gateway reports, later, how a pending payment ended. If the order can no longer be paid (it was cancelled or
	 * expired meanwhile), the payment is recorded as failed with the reason {@code order_not_payable}.
	 */
	@Transactional
	public void complete(String method, String reference, boolean succeeded) {
		record Pending(UUID id, UUID orderId) {
		}
		var payment = jdbc.sql("""
				select id, order_id from payments where method = ? and provider_ref = ? and status = 'pending' for update""")
			.params(method, reference)
			.query((rs, n) -> new Pending(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.optional();
		if (payment.isEmpty()) {
			return;
		}
		String status = succeeded ? "succeeded" : "failed";
		String reason = succeeded ? null : "card_declined";
		if (succeeded && !ordering.lockedStatus(payment.get().orderId()).equals("pending_payment")) {
			status = "failed";
			reason = "order_not_payable";
			log.warn("Payment {} succeeded for order {} that is no longer awaiting payment; recorded as failed",
					payment.get().id(), payment.get().orderId());
		}
		jdbc.sql("update payments set status = ?, failure_reason = ?, updated_at = now() where id = ?")
			.params(status, reason, payment.get().id())
			.update();
		if ("succeeded".equals(status)) {
			ordering.markPaid(payment.get().orderId());
		}
	}

	private View view(UUID id) {
		return jdbc.sql("""
				select id, order_id, method, status, amount, currency, failure_reason, created_at from payments where id = ?""")
			.param(id)
			.query((rs, n) -> new View(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getString(4), Money.of(rs.getLong(5), rs.getString(6)), rs.getString(7),
					rs.getTimestamp(8).toInstant()))
			.single();
	}
}

package io.bodega.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.UUID;

import io.bodega.ordering.OrderId;
import io.bodega.ordering.Ordering;
import io.bodega.payments.PaymentView.RefundView;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Money;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The payment attempts of an order as the API shows them, each with its refund: one
 * statement, however many there are.
 */
@Component
class PaymentViews {

	private static final String VIEWS = """
			select p.id, p.order_id, p.method, p.status, p.amount, p.currency, p.card_last4, p.failure_reason,
			       p.created_at, r.amount as refund_amount, r.currency as refund_currency, r.reason as refund_reason,
			       r.created_at as refunded_at
			from payments p left join refunds r on r.payment_id = p.id
			""";

	private final JdbcClient jdbc;

	private final Ordering ordering;

	PaymentViews(JdbcClient jdbc, Ordering ordering) {
		this.jdbc = jdbc;
		this.ordering = ordering;
	}

	/**
	 * The order's payment attempts, oldest first, for its owner or its token holder;
	 * anyone else gets 404.
	 */
	List<PaymentView> ofOrder(OrderId orderId, CurrentUser caller, String token) {
		ordering.find(orderId, caller, token);
		return views("p.order_id = ?", orderId.value());
	}

	/**
	 * Every payment attempt of an order, oldest first (admins); 404 for an unknown order.
	 */
	List<PaymentView> ofOrder(OrderId orderId) {
		ordering.get(orderId);
		return views("p.order_id = ?", orderId.value());
	}

	PaymentView one(UUID id) {
		return views("p.id = ?", id).getFirst();
	}

	private List<PaymentView> views(String where, UUID id) {
		return jdbc.sql(VIEWS + "where " + where + " order by p.created_at, p.id")
			.param(id)
			.query(PaymentViews::read)
			.list();
	}

	private static PaymentView read(ResultSet rs, int row) throws SQLException {
		String currency = rs.getString("currency");
		Timestamp refundedAt = rs.getTimestamp("refunded_at");
		RefundView refund = refundedAt == null ? null
				: new RefundView(Money.of(rs.getLong("refund_amount"), rs.getString("refund_currency")),
						rs.getString("refund_reason"), refundedAt.toInstant());
		return new PaymentView(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
				rs.getString("method"), rs.getString("status"), Money.of(rs.getLong("amount"), currency),
				rs.getString("card_last4"), rs.getString("failure_reason"), refund,
				rs.getTimestamp("created_at").toInstant());
	}

}

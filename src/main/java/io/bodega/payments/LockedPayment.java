package io.bodega.payments;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.bodega.ordering.OrderId;
import io.bodega.shared.Money;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A payment whose row the current transaction holds locked: every step that changes a
 * payment's standing (settling it, asking its provider again, refunding it) works on one,
 * so two of them never change the same payment at once.
 */
record LockedPayment(UUID id, OrderId orderId, String method, PaymentStatus status, String providerRef, Money amount) {

	private static final String SELECT = "select id, order_id, method, status, provider_ref, amount, currency from payments ";

	/** The same payment, now known to the provider by {@code reference} (if any). */
	LockedPayment withProviderRef(String reference) {
		return reference == null ? this : new LockedPayment(id, orderId, method, status, reference, amount);
	}

	/** The payment {@code where} names, locked as its locking clause says. */
	static Optional<LockedPayment> lock(JdbcClient jdbc, String where, Object... params) {
		return jdbc.sql(SELECT + "where " + where).params(params).query(LockedPayment::read).optional();
	}

	/** Every payment {@code where} names, locked as its locking clause says. */
	static List<LockedPayment> lockAll(JdbcClient jdbc, String where, Object... params) {
		return jdbc.sql(SELECT + "where " + where).params(params).query(LockedPayment::read).list();
	}

	private static LockedPayment read(ResultSet rs, int row) throws SQLException {
		return new LockedPayment(rs.getObject("id", UUID.class), new OrderId(rs.getObject("order_id", UUID.class)),
				rs.getString("method"), PaymentStatus.of(rs.getString("status")), rs.getString("provider_ref"),
				Money.of(rs.getLong("amount"), rs.getString("currency")));
	}

}

package io.bodega.payments;

import java.util.UUID;

import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.OrderId;
import io.bodega.ordering.Ordering;
import io.bodega.shared.Money;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The payments module on its own (with {@code shared}; ordering is a mock, and the
 * suite's {@link CountingCardGateway} stands for the provider): when ordering announces
 * that a paid order was cancelled, the payment's money goes back once, after the
 * cancellation committed, and the payment reads as refunded.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class PaymentsModuleTests extends ModuleTest {

	@MockitoBean
	Ordering ordering;

	@Autowired
	PaymentViews payments;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aCancelledPaidOrderIsRefundedOnce(Scenario scenario) {
		UUID order = UUID.randomUUID();
		String charge = "cc_" + UUID.randomUUID();
		jdbc.sql("""
				insert into payments (id, order_id, method, status, amount, currency, provider_ref)
				values (?, ?, 'counting_card', 'succeeded', 2500, 'EUR', ?)""")
			.params(UUID.randomUUID(), order, charge)
			.update();

		scenario
			.publish(new OrderEvents.OrderCancelled(order, "B-MODULE-3", false, null, "module@example.com",
					Money.of(2500, "EUR")))
			.andWaitForStateChange(() -> payments.ofOrder(new OrderId(order)).getFirst(),
					payment -> payment.refund() != null)
			.andVerify(payment -> {
				assertThat(payment.status()).isEqualTo("refunded");
				assertThat(payment.refund().reason()).isEqualTo("order_cancelled");
				assertThat(CountingCardGateway.refunds(charge)).isEqualTo(1);
			});
	}

}

package io.bodega.ordering.orders;

import java.util.UUID;
import java.util.function.Function;

import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.OrderEvents;
import io.bodega.inventory.StockMovement.Reason;
import io.bodega.ordering.orders.Order.StockEffect;
import io.bodega.ordering.orders.Order.Transition;
import io.bodega.ordering.OrderEvents.OrderCancelled;
import io.bodega.ordering.OrderEvents.OrderShipped;
import io.bodega.shared.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The order's rules, without Spring or a database. */
class OrderTests {

	private static final UUID CUSTOMER = UUID.randomUUID();

	@Test
	void followsTheHappyPathAndSaysWhatHappensToTheStock() {
		Order order = order(OrderStatus.PENDING_PAYMENT);

		assertThat(order.markPaid().stock()).isEqualTo(StockEffect.COMMIT);
		assertThat(order.ship("DHL", "123").stock()).isEqualTo(StockEffect.NONE);
		assertThat(order.deliver().stock()).isEqualTo(StockEffect.NONE);
		assertThat(order.refund().stock()).isEqualTo(StockEffect.RESTOCK);
		assertThat(order.status()).isEqualTo(OrderStatus.REFUNDED);
	}

	@Test
	void cancellingReleasesBeforePaymentAndRestocksAfter() {
		assertThat(order(OrderStatus.PENDING_PAYMENT).cancel().stock()).isEqualTo(StockEffect.RELEASE);
		assertThat(order(OrderStatus.PAID).cancel().stock()).isEqualTo(StockEffect.RESTOCK);
	}

	@Test
	void eachMoveAnswersItsColumnItsLedgerReasonItsTimelineEntryAndItsEvent() {
		Transition paid = order(OrderStatus.PENDING_PAYMENT).markPaid();
		assertThat(paid.timestampColumn()).isEqualTo("paid_at");
		assertThat(paid.reason()).isEqualTo(Reason.ORDER_PAID);
		assertThat(paid.timelineKind()).isEqualTo(OrderTimeline.Kind.PAID);
		assertThat(paid.event()).isInstanceOf(OrderEvents.OrderPaid.class);

		Transition cancelled = order(OrderStatus.PAID).cancel();
		assertThat(cancelled.timestampColumn()).isEqualTo("cancelled_at");
		assertThat(cancelled.reason()).isEqualTo(Reason.ORDER_CANCELLED);
		assertThat(cancelled.event()).isEqualTo(new OrderCancelled(cancelled.event().orderId(), "BO-000001", false,
				CUSTOMER, "ann@example.com", Money.of(1990, "EUR")));

		Transition expired = order(OrderStatus.PENDING_PAYMENT).expire();
		assertThat(expired.timestampColumn()).isEqualTo("cancelled_at");
		assertThat(expired.reason()).isEqualTo(Reason.ORDER_EXPIRED);
		assertThat(((OrderCancelled) expired.event()).expired()).isTrue();

		Transition shipped = order(OrderStatus.PAID).ship("DHL", "123");
		assertThat(shipped.timestampColumn()).isEqualTo("shipped_at");
		assertThat(shipped.reason()).isNull();
		assertThat(shipped.shipment()).extracting(OrderShipped::carrier, OrderShipped::trackingNumber)
			.containsExactly("DHL", "123");

		Transition refunded = order(OrderStatus.DELIVERED).refund();
		assertThat(refunded.timestampColumn()).isEqualTo("refunded_at");
		assertThat(refunded.reason()).isEqualTo(Reason.ORDER_REFUNDED);
		assertThat(refunded.shipment()).isNull();
	}

	@Test
	void everyEventTellsTheOrderAndTheStatusItNames() {
		Order order = order(OrderStatus.PENDING_PAYMENT);
		for (Transition move : new Transition[] { order.markPaid(), order.ship("DHL", "123"), order.deliver(),
				order.refund() }) {
			assertThat(move.event().status()).isEqualTo(move.status());
			assertThat(move.event().number()).isEqualTo("BO-000001");
			assertThat(move.event().customerId()).isEqualTo(CUSTOMER);
			assertThat(move.event().email()).isEqualTo("ann@example.com");
			assertThat(move.event().total()).isEqualTo(Money.of(1990, "EUR"));
		}
	}

	@Test
	void refusesEveryMoveTheStateMachineDoesNotAllow() {
		assertRefused(OrderStatus.PENDING_PAYMENT, order -> order.ship("DHL", "123"));
		assertRefused(OrderStatus.PENDING_PAYMENT, Order::deliver);
		assertRefused(OrderStatus.PENDING_PAYMENT, Order::refund);
		assertRefused(OrderStatus.PAID, Order::markPaid);
		assertRefused(OrderStatus.PAID, Order::deliver);
		assertRefused(OrderStatus.PAID, Order::expire);
		assertRefused(OrderStatus.SHIPPED, Order::cancel);
		assertRefused(OrderStatus.SHIPPED, Order::markPaid);
		assertRefused(OrderStatus.DELIVERED, Order::cancel);
		assertRefused(OrderStatus.DELIVERED, order -> order.ship("DHL", "123"));
		for (OrderStatus end : new OrderStatus[] { OrderStatus.CANCELLED, OrderStatus.REFUNDED }) {
			assertRefused(end, Order::markPaid);
			assertRefused(end, Order::cancel);
			assertRefused(end, order -> order.ship("DHL", "123"));
			assertRefused(end, Order::refund);
		}
	}

	@Test
	void aRefusedMoveLeavesTheOrderAsItWas() {
		Order order = order(OrderStatus.SHIPPED);

		assertThatExceptionOfType(InvalidOrderState.class).isThrownBy(order::cancel)
			.withMessage("An order that is shipped cannot become cancelled");
		assertThat(order.status()).isEqualTo(OrderStatus.SHIPPED);
	}

	private static void assertRefused(OrderStatus from, Function<Order, Transition> move) {
		Order order = order(from);
		assertThatExceptionOfType(InvalidOrderState.class).as(from.value()).isThrownBy(() -> move.apply(order));
		assertThat(order.status()).isEqualTo(from);
	}

	private static Order order(OrderStatus status) {
		return new Order(UUID.randomUUID(), "BO-000001", status, CUSTOMER, "ann@example.com", Money.of(1990, "EUR"));
	}

}

package io.bodega.ordering;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import java.util.function.Function;

/** The order's rules, without Spring or a database. */
class OrderTests {

	@Test
	void followsTheHappyPathAndSaysWhatHappensToTheStock() {
		Order order = order(OrderStatus.PENDING_PAYMENT);

		assertThat(order.markPaid()).isEqualTo(Order.StockEffect.COMMIT);
		assertThat(order.ship()).isEqualTo(Order.StockEffect.NONE);
		assertThat(order.deliver()).isEqualTo(Order.StockEffect.NONE);
		assertThat(order.refund()).isEqualTo(Order.StockEffect.RESTOCK);
		assertThat(order.status()).isEqualTo(OrderStatus.REFUNDED);
	}

	@Test
	void cancellingReleasesBeforePaymentAndRestocksAfter() {
		assertThat(order(OrderStatus.PENDING_PAYMENT).cancel()).isEqualTo(Order.StockEffect.RELEASE);
		assertThat(order(OrderStatus.PAID).cancel()).isEqualTo(Order.StockEffect.RESTOCK);
	}

	@Test
	void refusesEveryMoveTheStateMachineDoesNotAllow() {
		assertRefused(OrderStatus.PENDING_PAYMENT, Order::ship);
		assertRefused(OrderStatus.PENDING_PAYMENT, Order::deliver);
		assertRefused(OrderStatus.PENDING_PAYMENT, Order::refund);
		assertRefused(OrderStatus.PAID, Order::markPaid);
		assertRefused(OrderStatus.PAID, Order::deliver);
		assertRefused(OrderStatus.PAID, Order::expire);
		assertRefused(OrderStatus.SHIPPED, Order::cancel);
		assertRefused(OrderStatus.SHIPPED, Order::markPaid);
		assertRefused(OrderStatus.DELIVERED, Order::cancel);
		assertRefused(OrderStatus.DELIVERED, Order::ship);
		for (OrderStatus end : new OrderStatus[] { OrderStatus.CANCELLED, OrderStatus.REFUNDED }) {
			assertRefused(end, Order::markPaid);
			assertRefused(end, Order::cancel);
			assertRefused(end, Order::ship);
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

	private static void assertRefused(OrderStatus from, Function<Order, Order.StockEffect> move) {
		Order order = order(from);
		assertThatExceptionOfType(InvalidOrderState.class).as(from.value()).isThrownBy(() -> move.apply(order));
		assertThat(order.status()).isEqualTo(from);
	}

	private static Order order(OrderStatus status) {
		return new Order(UUID.randomUUID(), "BO-000001", status);
	}

}

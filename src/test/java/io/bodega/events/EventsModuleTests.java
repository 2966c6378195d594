package io.bodega.events;

import java.util.List;
import java.util.UUID;

import io.bodega.accounts.CustomerRegistered;
import io.bodega.catalog.Catalog;
import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.Ordering;
import io.bodega.shared.Money;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The events module on its own (with {@code shared}; ordering and catalog, which it asks
 * about some events, are mocks): other modules' events become entries of the committed
 * event log, in the transaction of their change, readable after it.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class EventsModuleTests extends ModuleTest {

	@MockitoBean
	Ordering ordering;

	@MockitoBean
	Catalog catalog;

	@Autowired
	EventLog log;

	@Test
	void aCustomersSignUpEntersTheLog(Scenario scenario) {
		long before = log.latestId();
		UUID customer = UUID.randomUUID();

		scenario.publish(new CustomerRegistered(customer, "logged@example.com"))
			.andWaitForStateChange(() -> entries(before, "customer:" + customer), entries -> !entries.isEmpty())
			.andVerify(entries -> {
				LoggedEvent entry = entries.getFirst();
				assertThat(entry.type()).isEqualTo(EventTypes.CUSTOMER_CREATED);
				assertThat(entry.customerId()).isEqualTo(customer);
				assertThat(entry.data()).contains("logged@example.com");
			});
	}

	@Test
	void aPlacedOrderEntersTheLogFromItsEventAlone(Scenario scenario) {
		long before = log.latestId();
		UUID order = UUID.randomUUID();

		scenario
			.publish(new OrderEvents.OrderPlaced(order, "B-MODULE-1", null, "buyer@example.com", Money.of(3470, "EUR")))
			.andWaitForStateChange(() -> entries(before, "order:" + order), entries -> !entries.isEmpty())
			.andVerify(entries -> {
				LoggedEvent entry = entries.getFirst();
				assertThat(entry.type()).isEqualTo(EventTypes.ORDER_PLACED);
				assertThat(entry.orderId()).isEqualTo(order);
				assertThat(entry.data()).contains("B-MODULE-1").contains("3470");
			});
	}

	private List<LoggedEvent> entries(long after, String subject) {
		return log.after(after, 1000).stream().filter(event -> event.subject().equals(subject)).toList();
	}

}

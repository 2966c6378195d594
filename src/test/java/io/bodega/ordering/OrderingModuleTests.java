package io.bodega.ordering;

import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.cart.Carts;
import io.bodega.catalog.Catalog;
import io.bodega.inventory.Inventory;
import io.bodega.shared.Money;
import io.bodega.testing.ModuleTest;
import io.bodega.testing.TestMailbox;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ordering module with the notifications it mails through (and {@code shared}; the
 * catalog, carts, inventory and the audit log are mocks): a placed order is confirmed to
 * the buyer by a mail queued in the order's own transaction, which goes out once it
 * commits.
 */
@ApplicationModuleTest(extraIncludes = { "shared", "notifications" })
class OrderingModuleTests extends ModuleTest {

	@MockitoBean
	Catalog catalog;

	@MockitoBean
	Carts carts;

	@MockitoBean
	Inventory inventory;

	@MockitoBean
	AuditLog audit;

	@Test
	void aPlacedOrderIsConfirmedToTheBuyerByMail(Scenario scenario) {
		String email = "module-" + UUID.randomUUID() + "@example.com";

		scenario
			.publish(new OrderEvents.OrderPlaced(UUID.randomUUID(), "B-MODULE-2", null, email, Money.of(3470, "EUR")))
			.andWaitForStateChange(() -> TestMailbox.to(email), mails -> !mails.isEmpty())
			.andVerify(mails -> {
				assertThat(mails).singleElement()
					.satisfies(mail -> assertThat(mail.subject()).isEqualTo("Your Bodega order B-MODULE-2"));
				assertThat(mails.getFirst().body()).contains("EUR 34.70");
			});
	}

}

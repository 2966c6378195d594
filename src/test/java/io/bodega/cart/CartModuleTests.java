package io.bodega.cart;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.bodega.accounts.UserSignedIn;
import io.bodega.catalog.Catalog;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockLevel;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Money;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The cart module on its own (with {@code shared}; catalog and inventory are mocks that
 * sell any SKU at 12.00 and hold 10 of each): when a shopper signs in, accounts'
 * {@link UserSignedIn} merges the guest cart the browser brought into the customer's
 * cart, which is announced as {@link CartChanged} with its new count and subtotal.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class CartModuleTests extends ModuleTest {

	private static final Money PRICE = Money.of(1200, "EUR");

	@MockitoBean
	Inventory inventory;

	@Autowired
	Catalog catalog;

	@Autowired
	Carts carts;

	@BeforeEach
	void anySkuIsOnSaleAndInStock() {
		when(catalog.purchasable(anyString())).thenAnswer(ask -> Optional.of(purchasable(ask.getArgument(0))));
		when(catalog.purchasables(any())).thenAnswer(ask -> ask.<Collection<String>>getArgument(0)
			.stream()
			.collect(Collectors.toMap(Function.identity(), CartModuleTests::purchasable)));
		when(inventory.level(anyString()))
			.thenAnswer(ask -> Optional.of(new StockLevel(ask.getArgument(0), 10, 0, 10)));
	}

	@Test
	void signingInMergesTheGuestCartIntoTheCustomersAndAnnouncesIt(Scenario scenario) {
		CurrentUser customer = new CurrentUser(UUID.randomUUID(), UUID.randomUUID(), "merge@example.com",
				List.of("customer"));
		String own = carts.create(customer).id();
		carts.add(own, customer, "MOD-TEE", 1);
		String guest = carts.create(null).id();
		carts.add(guest, null, "MOD-TEE", 2);
		carts.add(guest, null, "MOD-CAP", 1);

		scenario.publish(new UserSignedIn(customer.id(), guest))
			.andWaitForEventOfType(CartChanged.class)
			.matching(changed -> changed.customerId().equals(customer.id()) && changed.itemCount() == 4)
			.toArriveAndVerify(
					changed -> assertThat(changed.subtotal()).isEqualTo(Money.of(4 * PRICE.amount(), "EUR")));
		assertThat(carts.get(own, customer).items()).extracting(Carts.Line::sku, Carts.Line::quantity)
			.containsExactlyInAnyOrder(tuple("MOD-TEE", 3), tuple("MOD-CAP", 1));
	}

	private static Catalog.Purchasable purchasable(String sku) {
		return new Catalog.Purchasable(sku, UUID.nameUUIDFromBytes(sku.getBytes()), "Module " + sku, "", PRICE, true);
	}

	/** The catalog as a mock that knows the shop's currency from the start. */
	@TestConfiguration(proxyBeanMethods = false)
	static class ShopCurrency {

		@Bean
		Catalog catalog() {
			Catalog catalog = mock(Catalog.class);
			when(catalog.currency()).thenReturn("EUR");
			return catalog;
		}

	}

}

package io.bodega.inventory;

import java.util.Map;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The inventory module on its own (with {@code shared}; the audit log it writes to is a
 * mock): every movement of stock is announced as {@link StockChanged}, with the level
 * after it and what was available before, which the catalog's availability and the event
 * log follow.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class InventoryModuleTests extends ModuleTest {

	@MockitoBean
	AuditLog audit;

	@Autowired
	Inventory inventory;

	@Test
	void aNewSkuIsAnnouncedWithItsLevel(Scenario scenario) {
		String sku = "MOD-" + UUID.randomUUID();

		scenario.stimulate(() -> inventory.track(sku, 5))
			.andWaitForEventOfType(StockChanged.class)
			.matching(changed -> changed.levels().stream().anyMatch(level -> level.sku().equals(sku)))
			.toArriveAndVerify(changed -> {
				assertThat(changed.levels()).containsExactly(new StockLevel(sku, 5, 0, 5));
				assertThat(changed.availableBefore()).isEmpty();
			});
	}

	@Test
	void aReservationIsAnnouncedWithWhatWasAvailableBefore(Scenario scenario) {
		String sku = "MOD-" + UUID.randomUUID();
		scenario.stimulate(() -> inventory.track(sku, 5)).andWaitForEventOfType(StockChanged.class).toArrive();

		scenario.stimulate(() -> inventory.reserve(Map.of(sku, 2), "order:" + sku))
			.andWaitForEventOfType(StockChanged.class)
			.matching(changed -> changed.availableBefore().containsKey(sku))
			.toArriveAndVerify(changed -> {
				assertThat(changed.levels()).containsExactly(new StockLevel(sku, 5, 2, 3));
				assertThat(changed.availableBefore()).containsEntry(sku, 5);
			});
		assertThat(inventory.level(sku)).hasValue(new StockLevel(sku, 5, 2, 3));
	}

}

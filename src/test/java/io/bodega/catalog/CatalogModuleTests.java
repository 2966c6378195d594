package io.bodega.catalog;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.audit.AuditLog;
import io.bodega.inventory.Inventory;
import io.bodega.inventory.StockChanged;
import io.bodega.inventory.StockLevel;
import io.bodega.testing.ModuleTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The catalog module on its own (with {@code shared}; inventory and the audit log are
 * mocks): the units a product shows as available are a read model of the inventory, kept
 * by inventory's {@link StockChanged} in the transaction that moved the stock.
 */
@ApplicationModuleTest(extraIncludes = "shared")
class CatalogModuleTests extends ModuleTest {

	@MockitoBean
	Inventory inventory;

	@MockitoBean
	AuditLog audit;

	@Autowired
	Catalog catalog;

	@Autowired
	JdbcClient jdbc;

	@Test
	void stockThatMovesChangesTheAvailabilityShown(Scenario scenario) {
		String sku = "MOD-" + UUID.randomUUID().toString().substring(0, 13);
		UUID product = UUID.randomUUID();
		jdbc.sql("insert into products (id, slug, title, status) values (?, ?, 'Module tee', 'active')")
			.params(product, "module-" + product)
			.update();
		jdbc.sql("""
				insert into variants (id, product_id, sku, price_amount, currency, available)
				values (?, ?, ?, 1500, 'EUR', 0)""").params(UUID.randomUUID(), product, sku).update();
		assertThat(catalog.purchasable(sku)).hasValueSatisfying(variant -> assertThat(variant.active()).isTrue());

		scenario.publish(new StockChanged(List.of(new StockLevel(sku, 7, 2, 5)), Map.of(sku, 0)))
			.andWaitForStateChange(() -> available(sku), available -> available == 5)
			.andVerify(available -> assertThat(available).isEqualTo(5));
	}

	private int available(String sku) {
		return jdbc.sql("select available from variants where sku = ?").param(sku).query(Integer.class).single();
	}

}

package io.bodega.testing;

import io.bodega.inventory.StockChanged;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.events.ApplicationModuleListener;

/**
 * A listener such as a later module would add for {@link StockChanged} (low-stock alerts, live updates): running after
 * the commit from the event publication registry. Production code only reads stock changes synchronously (the catalog
 * keeps its availability in the same transaction), so without this no stock change would ever be stored; with it, a
 * test can show that they are.
 */
public final class LateStockListener {

	private LateStockListener() {
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		@Bean
		Listener lateStockListener() {
			return new Listener();
		}
	}

	public static class Listener {

		@ApplicationModuleListener
		void on(StockChanged changed) {
		}
	}
}

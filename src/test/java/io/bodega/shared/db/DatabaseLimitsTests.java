package io.bodega.shared.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import java.util.UUID;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wait in the database is bounded (shared.db.DatabaseLimits), so a stuck node,
 * statement or lock stalls no other: pooled connections carry the bounds, and a request
 * that waits on a lock past its bound is answered 503 with Retry-After, writing nothing,
 * instead of waiting as long as the holder likes.
 */
class DatabaseLimitsTests extends ApiTest {

	@Test
	void everyPooledConnectionCarriesTheBounds() throws Exception {
		try (Connection connection = dataSource.getConnection()) {
			assertThat(setting(connection, "statement_timeout")).isEqualTo("15s");
			assertThat(setting(connection, "lock_timeout")).isEqualTo("5s");
			assertThat(setting(connection, "idle_in_transaction_session_timeout")).isEqualTo("10s");
			assertThat(setting(connection, "tcp_keepalives_idle")).isIn("30", "30s", "0");
			assertThat(setting(connection, "plan_cache_mode")).isEqualTo("force_generic_plan");
		}
	}

	/**
	 * A node frozen while holding a SKU's stock row (as a paused process does) no longer
	 * holds up checkout of that SKU everywhere: the checkout waits at most the lock
	 * bound, then is 503 with Retry-After, and nothing is written; once the lock is gone,
	 * the same request succeeds.
	 */
	@Test
	void aCheckoutWaitingOnALockPastItsBoundIs503AndWritesNothing() throws Exception {
		String sku = newProductSku(adminToken(), "Locked", 1500);
		String cart = http().post("/api/v1/carts").send().json().path("id").asString();
		assertThat(
				http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 1)).send().status())
			.isEqualTo(200);
		String email = "locked-" + UUID.randomUUID() + "@example.com";
		String key = UUID.randomUUID().toString();

		Http.Response refused;
		try (Connection frozen = unpooledConnection()) {
			frozen.setAutoCommit(false);
			try (PreparedStatement lock = frozen
				.prepareStatement("select 1 from stock_items where sku = ? for update")) {
				lock.setString(1, sku);
				lock.executeQuery().close();
			}
			refused = checkout(cart, email, key);
			frozen.rollback();
		}

		assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
		assertThat(refused.json().path("code").asString()).isEqualTo("unavailable");
		assertThat(refused.header("Retry-After")).hasValue("2");
		assertThat(jdbc.sql("select count(*) from orders where email = ?").param(email).query(Long.class).single())
			.isZero();
		assertThat(jdbc.sql("select reserved from stock_items where sku = ?").param(sku).query(Integer.class).single())
			.isZero();
		Http.Response placed = checkout(cart, email, key);
		assertThat(placed.status()).as(placed.toString()).isEqualTo(201);
	}

	private Http.Response checkout(String cart, String email, String key) {
		return http().post("/api/v1/orders")
			.header("Idempotency-Key", key)
			.json(Map.of("cartId", cart, "email", email, "shippingAddress", SHIPPING_ADDRESS))
			.send();
	}

	private static String setting(Connection connection, String name) throws Exception {
		try (PreparedStatement show = connection.prepareStatement("select current_setting(?)")) {
			show.setString(1, name);
			try (ResultSet rs = show.executeQuery()) {
				rs.next();
				return rs.getString(1);
			}
		}
	}

}

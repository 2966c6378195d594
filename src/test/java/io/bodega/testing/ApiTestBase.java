package io.bodega.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import com.zaxxer.hikari.HikariDataSource;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;

/**
 * What every end-to-end test has at hand, whichever server it runs against: an HTTP
 * client for the server under test, the database, and helpers that go through the public
 * API (register, sign in, create a product, place an order). {@link ApiTest} is the
 * server with the settings of development; {@link LockedDownApiTest} one with
 * production's defaults where they differ (no test payments, no trusted proxy on
 * loopback, tight abuse limits).
 */
public abstract class ApiTestBase {

	public static final String ADMIN_EMAIL = "admin@bodega.test";

	public static final String ADMIN_PASSWORD = "Quartz-Lantern-Meadow-Orbit-71";

	public static final String GOOD_PASSWORD = "Tangerine-Velvet-Lighthouse-93";

	public static final Map<String, Object> SHIPPING_ADDRESS = Map.of("name", "Ann Example", "line1", "Main St 1",
			"city", "Berlin", "postalCode", "10115", "country", "DE");

	@LocalServerPort
	protected int port;

	@Autowired
	protected JdbcClient jdbc;

	@Autowired
	protected DataSource dataSource;

	protected Http http() {
		return new Http(port);
	}

	/**
	 * A client whose requests come from another loopback address, such as
	 * {@code 127.0.0.7} (Linux routes 127/8).
	 */
	protected Http httpFrom(String clientAddress) {
		return new Http(port, clientAddress);
	}

	/** A fresh e-mail address nobody else in the suite uses. */
	protected static String uniqueEmail() {
		return "user-" + UUID.randomUUID().toString().substring(0, 12) + "@example.com";
	}

	/** Registers a customer and returns the e-mail. */
	protected String register(String email) {
		return register(http(), email);
	}

	/**
	 * Registers a customer through the given client (from its address) and returns the
	 * e-mail.
	 */
	protected String register(Http client, String email) {
		Http.Response answer = client.post("/api/v1/auth/register")
			.json(Map.of("email", email, "password", GOOD_PASSWORD, "name", "Test Shopper"))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return email;
	}

	/** Signs in and returns the whole login answer. */
	protected JsonNode login(String email, String password) {
		Http.Response answer = http().post("/api/v1/auth/login")
			.json(Map.of("email", email, "password", password))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer.json();
	}

	protected String token(String email, String password) {
		return login(email, password).path("token").asString();
	}

	/** A new customer, signed in: returns the token. */
	protected String newCustomerToken() {
		return token(register(uniqueEmail()), GOOD_PASSWORD);
	}

	protected String adminToken() {
		return token(ADMIN_EMAIL, ADMIN_PASSWORD);
	}

	/**
	 * Letters only, so full-text search treats it as one unusual word that no other test
	 * uses. It ends in "qx", which no English stemming rule changes, so the stored word
	 * is the word itself.
	 */
	protected static String uniqueWord() {
		StringBuilder word = new StringBuilder("zq");
		ThreadLocalRandom random = ThreadLocalRandom.current();
		for (int i = 0; i < 8; i++) {
			word.append((char) ('a' + random.nextInt(26)));
		}
		return word.append("qx").toString();
	}

	/**
	 * A product body for POST /api/v1/admin/products with one variant per SKU, 10 units
	 * each.
	 */
	protected static Map<String, Object> productBody(String title, List<String> categories, long price,
			String... skus) {
		List<Map<String, Object>> variants = new ArrayList<>();
		for (String sku : skus) {
			variants.add(
					Map.of("sku", sku, "title", sku, "price", Map.of("amount", price, "currency", "EUR"), "stock", 10));
		}
		return Map.of("title", title, "description", "A product for tests", "categories", categories, "variants",
				variants);
	}

	protected static String uniqueSku() {
		return "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase();
	}

	/** Creates a product as the admin and answers it. */
	protected JsonNode createProduct(String adminToken, Map<String, Object> body) {
		Http.Response answer = http().post("/api/v1/admin/products").bearer(adminToken).json(body).send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json();
	}

	/**
	 * A new product with one SKU of 10 units at {@code price}, its title {@code title}
	 * and a unique word: the SKU.
	 */
	protected String newProductSku(String adminToken, String title, long price) {
		String sku = uniqueSku();
		createProduct(adminToken, productBody(title + " " + uniqueWord(), List.of(), price, sku));
		return sku;
	}

	/**
	 * A guest's order of {@code quantity} units of one SKU, placed through the API: a new
	 * cart, its line, checkout. Answers the order, with its {@code orderToken}.
	 */
	protected JsonNode placeGuestOrder(String sku, int quantity, String email) {
		return placeGuestOrder(http(), sku, quantity, email);
	}

	/**
	 * {@link #placeGuestOrder(String, int, String)} by the given client (from its own
	 * address).
	 */
	protected JsonNode placeGuestOrder(Http client, String sku, int quantity, String email) {
		String cart = client.post("/api/v1/carts").send().json().path("id").asString();
		assertThat(client.post("/api/v1/carts/" + cart + "/items")
			.json(Map.of("sku", sku, "quantity", quantity))
			.send()
			.status()).isEqualTo(200);
		Http.Response answer = client.post("/api/v1/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "email", email, "shippingAddress", SHIPPING_ADDRESS))
			.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		return answer.json();
	}

	/**
	 * Pays a guest's order with the test card that succeeds; the order is {@code paid}
	 * afterwards.
	 */
	protected void payWithTestCard(JsonNode guestOrder) {
		Http.Response paid = http()
			.post("/api/v1/orders/" + guestOrder.path("id").asString() + "/payments?token="
					+ guestOrder.path("orderToken").asString())
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("method", "test_card", "cardNumber", "4242424242424242"))
			.send();
		assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
	}

	/**
	 * A connection of its own, outside the pool: it still works while the server's
	 * requests hold every pooled one.
	 */
	protected Connection unpooledConnection() throws SQLException {
		HikariDataSource pool = dataSource.unwrap(HikariDataSource.class);
		return DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword());
	}

	/**
	 * Waits (up to 15 s) until {@code count} statements beginning with {@code statement}
	 * wait for a lock in the database, or {@code finished} holds. Concurrency tests line
	 * up a race with it instead of sleeping.
	 */
	protected void awaitLockWaits(String statement, int count, BooleanSupplier finished) throws SQLException {
		try (Connection watcher = unpooledConnection(); PreparedStatement waiting = watcher.prepareStatement("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock' and query like ? || '%'""")) {
			waiting.setString(1, statement);
			Awaitility.await(count + " statements waiting for a lock: " + statement)
				.atMost(Duration.ofSeconds(15))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> lockWaits(waiting) >= count || finished.getAsBoolean());
		}
	}

	private static long lockWaits(PreparedStatement waiting) throws SQLException {
		try (ResultSet rs = waiting.executeQuery()) {
			rs.next();
			return rs.getLong(1);
		}
	}

}

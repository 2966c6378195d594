package io.bodega.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The committed event log, from outside: each business change leaves exactly one entry
 * (one per SKU for stock), in its own transaction; ids follow commit order under
 * concurrent writers, so a reader following "after the last id" never misses one; each
 * subject is numbered 1, 2, 3 without gaps; and every node hands new events over once.
 */
class EventLogTests extends ApiTest {

	@Autowired
	EventLog log;

	@Autowired
	ConfigurableApplicationContext context;

	@Autowired
	JsonMapper json;

	@Test
	void boundsAreTheOldestKeptAndTheLatestIdReadTogether() {
		newProductSku(adminToken(), "Bounded", 100);
		EventLog.Bounds bounds = log.bounds();
		assertThat(bounds.latestId()).isEqualTo(log.latestId()).isPositive();
		assertThat(bounds.oldestId()).isEqualTo(log.oldestId()).isBetween(1L, bounds.latestId());
	}

	@Test
	void anOrderLeavesOneEntryPerChangeWithItsDataAndNumbersItsSubject() {
		String admin = adminToken();
		long before = log.latestId();
		String sku = newProductSku(admin, "Logged", 1200);
		List<LoggedEvent> created = log.after(before, 100);
		assertThat(created).extracting(LoggedEvent::type).contains(EventTypes.PRODUCT_CREATED);
		LoggedEvent product = created.stream()
			.filter(e -> e.type().equals(EventTypes.PRODUCT_CREATED))
			.findFirst()
			.orElseThrow();
		assertThat(json.readTree(product.data()).path("status").asString()).isEqualTo("active");

		List<LoggedEvent> handedOver = new CopyOnWriteArrayList<>();
		context.addApplicationListener(
				ApplicationListener.<EventsCommitted>forPayload(committed -> handedOver.addAll(committed.events())));
		long start = log.latestId();
		JsonNode order = placeGuestOrder(sku, 2, "logged@bodega.test");
		UUID orderId = UUID.fromString(order.path("id").asString());
		List<LoggedEvent> placed = log.after(start, new EventFilter(null, null, orderId, null), 100);
		assertThat(placed).extracting(LoggedEvent::type).containsExactly(EventTypes.ORDER_PLACED);
		JsonNode data = json.readTree(placed.getFirst().data());
		assertThat(data.path("number").asString()).isEqualTo(order.path("number").asString());
		assertThat(data.path("status").asString()).isEqualTo("pending_payment");
		assertThat(data.path("total").path("amount").asLong())
			.isEqualTo(order.path("totals").path("total").path("amount").asLong());
		assertThat(placed.getFirst().subject()).isEqualTo("order:" + orderId);
		assertThat(placed.getFirst().sequence()).isEqualTo(1);

		List<LoggedEvent> stock = log.after(start,
				new EventFilter(Set.of(EventTypes.STOCK_CHANGED), null, null, product.productId()), 100);
		assertThat(stock).hasSize(1);
		assertThat(json.readTree(stock.getFirst().data()).path("available").asInt()).isEqualTo(8);
		assertThat(json.readTree(stock.getFirst().data()).path("sku").asString()).isEqualTo(sku);

		payWithTestCard(order);
		List<LoggedEvent> paid = log.after(start, new EventFilter(null, null, orderId, null), 100);
		assertThat(paid).extracting(LoggedEvent::type).containsExactly(EventTypes.ORDER_PLACED, EventTypes.ORDER_PAID);
		assertThat(paid).extracting(LoggedEvent::sequence).containsExactly(1, 2);
		assertThat(json.readTree(paid.get(1).data()).path("status").asString()).isEqualTo("paid");

		await().atMost(10, TimeUnit.SECONDS)
			.untilAsserted(() -> assertThat(handedOver).extracting(LoggedEvent::id)
				.containsAll(paid.stream().map(LoggedEvent::id).toList()));
		assertThat(handedOver.stream().filter(e -> e.orderId() != null && e.orderId().equals(orderId)))
			.as("handed over once each")
			.hasSize(2);
	}

	@Test
	void aChangeThatRollsBackLeavesNoEntryAndARetriedCheckoutNoSecond() {
		String sku = newProductSku(adminToken(), "Rolled back", 500);
		long start = log.latestId();
		String cart = http().post("/api/v1/carts").send().json().path("id").asString();
		http().post("/api/v1/carts/" + cart + "/items").json(Map.of("sku", sku, "quantity", 10)).send();
		// Another buyer takes one unit first: this checkout reserves the rest of its
		// lines or nothing.
		placeGuestOrder(sku, 1, "first@bodega.test");
		long afterFirst = log.latestId();
		Http.Response refused = http().post("/api/v1/orders")
			.header("Idempotency-Key", UUID.randomUUID().toString())
			.json(Map.of("cartId", cart, "email", "second@bodega.test", "shippingAddress", SHIPPING_ADDRESS))
			.send();
		assertThat(refused.status()).isEqualTo(409);
		assertThat(log.after(afterFirst, 100)).noneMatch(e -> e.data().contains("second@bodega.test"));

		String key = UUID.randomUUID().toString();
		String another = http().post("/api/v1/carts").send().json().path("id").asString();
		http().post("/api/v1/carts/" + another + "/items").json(Map.of("sku", sku, "quantity", 2)).send();
		Map<String, Object> body = Map.of("cartId", another, "email", "retried@bodega.test", "shippingAddress",
				SHIPPING_ADDRESS);
		assertThat(http().post("/api/v1/orders").header("Idempotency-Key", key).json(body).send().status())
			.isEqualTo(201);
		assertThat(http().post("/api/v1/orders").header("Idempotency-Key", key).json(body).send().status())
			.isEqualTo(201);
		assertThat(log.after(start, new EventFilter(Set.of(EventTypes.ORDER_PLACED), null, null, null), 1000))
			.filteredOn(e -> e.data().contains("retried@bodega.test"))
			.hasSize(1);
	}

	/**
	 * Eight writers commit stock changes as fast as they can while a reader follows the
	 * log by "id after the last I saw". Had ids been drawn in the writers' own order
	 * rather than at commit, the reader would sometimes see a larger id committed before
	 * a smaller one and skip the smaller for good.
	 */
	@Test
	void aReaderFollowingByIdMissesNothingWhileManyCommitAtOnce() throws Exception {
		String admin = adminToken();
		List<String> skus = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			skus.add(newProductSku(admin, "Raced", 100));
		}
		long start = log.latestId();
		AtomicBoolean writing = new AtomicBoolean(true);
		ConcurrentLinkedQueue<Long> seen = new ConcurrentLinkedQueue<>();
		Thread reader = Thread.ofVirtual().start(() -> {
			long cursor = start;
			boolean last = false;
			while (!last) {
				last = !writing.get();
				for (LoggedEvent event : log.after(cursor, 1000)) {
					seen.add(event.id());
					cursor = event.id();
				}
			}
		});
		try (ExecutorService writers = Executors.newFixedThreadPool(8)) {
			List<Future<?>> done = new ArrayList<>();
			for (String sku : skus) {
				done.add(writers.submit(() -> {
					for (int n = 1; n <= 40; n++) {
						assertThat(http().put("/api/v1/admin/inventory/" + sku)
							.bearer(admin)
							.json(Map.of("onHand", 10 + n))
							.send()
							.status()).isEqualTo(200);
					}
					return null;
				}));
			}
			for (Future<?> future : done) {
				future.get(120, TimeUnit.SECONDS);
			}
		}
		writing.set(false);
		reader.join(30_000);
		List<LoggedEvent> all = log.after(start, 100_000);
		assertThat(all.stream().filter(e -> e.type().equals(EventTypes.STOCK_CHANGED)).count())
			.isGreaterThanOrEqualTo(8 * 40);
		assertThat(seen).containsExactlyElementsOf(all.stream().map(LoggedEvent::id).toList());
		for (String sku : skus) {
			assertThat(log.after(start, new EventFilter(Set.of(EventTypes.STOCK_CHANGED), null, null, null), 100_000))
				.filteredOn(e -> e.subject().equals("sku:" + sku))
				.extracting(LoggedEvent::sequence)
				.as("numbered without gaps or repeats")
				.isSorted()
				.doesNotHaveDuplicates()
				.hasSize(40);
		}
	}

}

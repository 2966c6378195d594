package io.bodega.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.bodega.accounts.CustomerRegistered;
import io.bodega.cart.CartChanged;
import io.bodega.catalog.Catalog;
import io.bodega.catalog.ProductEvents.ProductCreated;
import io.bodega.catalog.ProductEvents.ProductUpdated;
import io.bodega.inventory.StockChanged;
import io.bodega.inventory.StockLevel;
import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.OrderStatus;
import io.bodega.ordering.Ordering;
import io.bodega.payments.PaymentFailed;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into entries of the log, in the transaction that published
 * them (synchronous listeners, like the order mails): one entry per business change, and
 * one per SKU for a stock movement.
 */
@Component
class EventRecorder {

	private final EventLog log;

	private final Ordering ordering;

	private final Catalog catalog;

	EventRecorder(EventLog log, Ordering ordering, Catalog catalog) {
		this.log = log;
		this.ordering = ordering;
		this.catalog = catalog;
	}

	/**
	 * From the event alone: checkout is the busiest writer, and a new order's status is
	 * known.
	 */
	@EventListener
	void on(OrderEvents.OrderPlaced placed) {
		order(EventTypes.ORDER_PLACED, new Ordering.Brief(placed.orderId(), placed.number(),
				OrderStatus.PENDING_PAYMENT, placed.userId(), placed.email(), placed.total()), Map.of());
	}

	@EventListener
	void on(OrderEvents.OrderPaid paid) {
		order(EventTypes.ORDER_PAID, paid.orderId(), Map.of());
	}

	@EventListener
	void on(OrderEvents.OrderCancelled cancelled) {
		order(EventTypes.ORDER_CANCELLED, cancelled.orderId(),
				Map.of("reason", cancelled.expired() ? "expired" : "cancelled"));
	}

	@EventListener
	void on(OrderEvents.OrderShipped shipped) {
		Map<String, Object> more = new LinkedHashMap<>();
		more.put("carrier", shipped.carrier());
		more.put("trackingNumber", shipped.trackingNumber());
		order(EventTypes.ORDER_SHIPPED, shipped.orderId(), more);
	}

	@EventListener
	void on(OrderEvents.OrderDelivered delivered) {
		order(EventTypes.ORDER_DELIVERED, delivered.orderId(), Map.of());
	}

	@EventListener
	void on(OrderEvents.OrderRefunded refunded) {
		order(EventTypes.ORDER_REFUNDED, refunded.orderId(), Map.of());
	}

	private void order(String type, UUID id, Map<String, ?> more) {
		order(type, ordering.brief(id), more);
	}

	private void order(String type, Ordering.Brief order, Map<String, ?> more) {
		UUID id = order.id();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", order.id());
		data.put("number", order.number());
		data.put("status", order.status().value());
		data.put("customerId", order.customerId());
		data.put("email", order.email());
		data.put("total", order.total());
		data.putAll(more);
		log.append(new EventLog.NewEvent(type, "order:" + id, order.customerId(), id, null, data));
	}

	@EventListener
	void on(PaymentFailed failed) {
		Ordering.Brief order = ordering.brief(failed.orderId());
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", failed.paymentId());
		data.put("orderId", failed.orderId());
		data.put("orderNumber", order.number());
		data.put("method", failed.method());
		data.put("amount", failed.amount());
		data.put("reason", failed.reason());
		log.append(new EventLog.NewEvent(EventTypes.PAYMENT_FAILED, "payment:" + failed.paymentId(), order.customerId(),
				failed.orderId(), null, data));
	}

	@EventListener
	void on(ProductCreated created) {
		product(EventTypes.PRODUCT_CREATED, created.id(), created.slug(), created.title(), created.status());
	}

	@EventListener
	void on(ProductUpdated updated) {
		product(EventTypes.PRODUCT_UPDATED, updated.id(), updated.slug(), updated.title(), updated.status());
	}

	private void product(String type, UUID id, String slug, String title, String status) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", id);
		data.put("slug", slug);
		data.put("title", title);
		data.put("status", status);
		log.append(new EventLog.NewEvent(type, "product:" + id, null, null, id, data));
	}

	/**
	 * One entry per SKU; it concerns the product (for its public stream) only when its
	 * units available moved.
	 */
	@EventListener
	void on(StockChanged changed) {
		Map<String, UUID> products = catalog.productsOf(changed.levels().stream().map(StockLevel::sku).toList());
		for (StockLevel level : changed.levels()) {
			UUID product = products.get(level.sku());
			Map<String, Object> data = new LinkedHashMap<>();
			data.put("sku", level.sku());
			data.put("productId", product);
			data.put("onHand", level.onHand());
			data.put("reserved", level.reserved());
			data.put("available", level.available());
			// The product column is what a product's public stream follows (it shows only
			// the units available): a
			// movement that leaves them as they were, such as paying an order, is not its
			// event, or its watchers
			// would learn when the product's orders are paid. The data names the product
			// for the staff and webhooks.
			UUID shownOn = changed.availabilityMoved(level) ? product : null;
			log.append(
					new EventLog.NewEvent(EventTypes.STOCK_CHANGED, "sku:" + level.sku(), null, null, shownOn, data));
		}
	}

	@EventListener
	void on(CustomerRegistered registered) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("id", registered.id());
		data.put("email", registered.email());
		log.append(new EventLog.NewEvent(EventTypes.CUSTOMER_CREATED, "customer:" + registered.id(), registered.id(),
				null, null, data));
	}

	@EventListener
	void on(CartChanged changed) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("itemCount", changed.itemCount());
		data.put("subtotal", changed.subtotal());
		log.append(new EventLog.NewEvent(EventTypes.CART_CHANGED, "cart:" + changed.customerId(), changed.customerId(),
				null, null, data));
	}

}

package io.bodega.events;

import java.util.Map;
import java.util.UUID;

import io.bodega.accounts.CustomerRegistered;
import io.bodega.cart.CartChanged;
import io.bodega.catalog.Catalog;
import io.bodega.catalog.ProductEvents.ProductCreated;
import io.bodega.catalog.ProductEvents.ProductUpdated;
import io.bodega.events.EventData.CartData;
import io.bodega.events.EventData.CustomerData;
import io.bodega.events.EventData.OrderCancelledData;
import io.bodega.events.EventData.OrderData;
import io.bodega.events.EventData.OrderShippedData;
import io.bodega.events.EventData.PaymentFailedData;
import io.bodega.events.EventData.ProductData;
import io.bodega.events.EventData.StockData;
import io.bodega.inventory.StockChanged;
import io.bodega.inventory.StockLevel;
import io.bodega.ordering.OrderEvents;
import io.bodega.ordering.OrderId;
import io.bodega.ordering.Ordering;
import io.bodega.payments.PaymentFailed;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Turns the modules' events into entries of the log, in the transaction that published
 * them (synchronous listeners, like the order mails): one entry per business change, and
 * one per SKU for a stock movement, its data one of the {@link EventData} records.
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

	/** One entry per order event, its data the order as the event tells it. */
	@EventListener
	void on(OrderEvents.OrderEvent event) {
		OrderData order = data(event);
		switch (event) {
			case OrderEvents.OrderPlaced placed -> order(EventTypes.ORDER_PLACED, order);
			case OrderEvents.OrderPaid paid -> order(EventTypes.ORDER_PAID, order);
			case OrderEvents.OrderCancelled cancelled -> order(EventTypes.ORDER_CANCELLED, order,
					OrderCancelledData.of(order, cancelled.expired() ? "expired" : "cancelled"));
			case OrderEvents.OrderShipped shipped -> order(EventTypes.ORDER_SHIPPED, order,
					OrderShippedData.of(order, shipped.carrier(), shipped.trackingNumber()));
			case OrderEvents.OrderDelivered delivered -> order(EventTypes.ORDER_DELIVERED, order);
			case OrderEvents.OrderRefunded refunded -> order(EventTypes.ORDER_REFUNDED, order);
		}
	}

	/**
	 * The order as its event tells it: no order is read again while the change commits.
	 */
	private static OrderData data(OrderEvents.OrderEvent event) {
		return new OrderData(event.orderId(), event.number(), event.status().value(), event.customerId(), event.email(),
				event.total());
	}

	private void order(String type, OrderData order) {
		order(type, order, order);
	}

	private void order(String type, OrderData order, EventData data) {
		log.append(new EventLog.NewEvent(type, "order:" + order.id(), order.customerId(), order.id(), null, data));
	}

	@EventListener
	void on(PaymentFailed failed) {
		Ordering.Brief order = ordering.brief(new OrderId(failed.orderId()));
		PaymentFailedData data = new PaymentFailedData(failed.paymentId(), failed.orderId(), order.number(),
				failed.method(), failed.amount(), failed.reason());
		log.append(new EventLog.NewEvent(EventTypes.PAYMENT_FAILED, "payment:" + failed.paymentId(), order.customerId(),
				failed.orderId(), null, data));
	}

	@EventListener
	void on(ProductCreated created) {
		product(EventTypes.PRODUCT_CREATED,
				new ProductData(created.id(), created.slug(), created.title(), created.status()));
	}

	@EventListener
	void on(ProductUpdated updated) {
		product(EventTypes.PRODUCT_UPDATED,
				new ProductData(updated.id(), updated.slug(), updated.title(), updated.status()));
	}

	private void product(String type, ProductData product) {
		log.append(new EventLog.NewEvent(type, "product:" + product.id(), null, null, product.id(), product));
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
			StockData data = new StockData(level.sku(), product, level.onHand(), level.reserved(), level.available());
			// The product column is what a product's public stream follows (it shows only
			// the units available): a movement that leaves them as they were, such as
			// paying an order, is not its event, or its watchers would learn when the
			// product's orders are paid. The data names the product for the staff and
			// webhooks.
			UUID shownOn = changed.availabilityMoved(level) ? product : null;
			log.append(
					new EventLog.NewEvent(EventTypes.STOCK_CHANGED, "sku:" + level.sku(), null, null, shownOn, data));
		}
	}

	@EventListener
	void on(CustomerRegistered registered) {
		CustomerData data = new CustomerData(registered.id(), registered.email());
		log.append(new EventLog.NewEvent(EventTypes.CUSTOMER_CREATED, "customer:" + registered.id(), registered.id(),
				null, null, data));
	}

	@EventListener
	void on(CartChanged changed) {
		CartData data = new CartData(changed.itemCount(), changed.subtotal());
		log.append(new EventLog.NewEvent(EventTypes.CART_CHANGED, "cart:" + changed.customerId(), changed.customerId(),
				null, null, data));
	}

}

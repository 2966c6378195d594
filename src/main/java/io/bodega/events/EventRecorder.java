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
import io.bodega.ordering.OrderStatus;
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

	/**
	 * From the event alone: checkout is the busiest writer, and a new order's status is
	 * known.
	 */
	@EventListener
	void on(OrderEvents.OrderPlaced placed) {
		order(EventTypes.ORDER_PLACED, new OrderData(placed.orderId(), placed.number(),
				OrderStatus.PENDING_PAYMENT.value(), placed.userId(), placed.email(), placed.total()));
	}

	@EventListener
	void on(OrderEvents.OrderPaid paid) {
		OrderData order = current(paid.orderId());
		order(EventTypes.ORDER_PAID, order);
	}

	@EventListener
	void on(OrderEvents.OrderCancelled cancelled) {
		OrderData order = current(cancelled.orderId());
		order(EventTypes.ORDER_CANCELLED, order,
				OrderCancelledData.of(order, cancelled.expired() ? "expired" : "cancelled"));
	}

	@EventListener
	void on(OrderEvents.OrderShipped shipped) {
		OrderData order = current(shipped.orderId());
		order(EventTypes.ORDER_SHIPPED, order, OrderShippedData.of(order, shipped.carrier(), shipped.trackingNumber()));
	}

	@EventListener
	void on(OrderEvents.OrderDelivered delivered) {
		OrderData order = current(delivered.orderId());
		order(EventTypes.ORDER_DELIVERED, order);
	}

	@EventListener
	void on(OrderEvents.OrderRefunded refunded) {
		OrderData order = current(refunded.orderId());
		order(EventTypes.ORDER_REFUNDED, order);
	}

	/**
	 * The order as it stands, read again in the publishing transaction because the order
	 * events carry only its id and number. Once they carry the rest, each listener's
	 * {@code current(...)} line becomes the record made from the event's own fields.
	 */
	private OrderData current(UUID orderId) {
		Ordering.Brief order = ordering.brief(orderId);
		return new OrderData(order.id(), order.number(), order.status().value(), order.customerId(), order.email(),
				order.total());
	}

	private void order(String type, OrderData order) {
		order(type, order, order);
	}

	private void order(String type, OrderData order, EventData data) {
		log.append(new EventLog.NewEvent(type, "order:" + order.id(), order.customerId(), order.id(), null, data));
	}

	@EventListener
	void on(PaymentFailed failed) {
		Ordering.Brief order = ordering.brief(failed.orderId());
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

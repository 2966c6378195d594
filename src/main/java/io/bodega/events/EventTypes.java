package io.bodega.events;

import java.util.Set;

/** The types of the events in the log, as clients and webhook endpoints name them. */
public final class EventTypes {

	public static final String ORDER_PLACED = "order.placed";

	public static final String ORDER_PAID = "order.paid";

	public static final String ORDER_CANCELLED = "order.cancelled";

	public static final String ORDER_SHIPPED = "order.shipped";

	public static final String ORDER_DELIVERED = "order.delivered";

	public static final String ORDER_REFUNDED = "order.refunded";

	public static final String PAYMENT_FAILED = "payment.failed";

	public static final String PRODUCT_CREATED = "product.created";

	public static final String PRODUCT_UPDATED = "product.updated";

	public static final String STOCK_CHANGED = "stock.changed";

	public static final String CUSTOMER_CREATED = "customer.created";

	public static final String CART_CHANGED = "cart.changed";

	/**
	 * What a webhook endpoint may subscribe to: every type but a cart's, which only its
	 * own customer may see.
	 */
	public static final Set<String> WEBHOOK = Set.of(ORDER_PLACED, ORDER_PAID, ORDER_CANCELLED, ORDER_SHIPPED,
			ORDER_DELIVERED, ORDER_REFUNDED, PAYMENT_FAILED, PRODUCT_CREATED, PRODUCT_UPDATED, STOCK_CHANGED,
			CUSTOMER_CREATED);

	private EventTypes() {
	}

}

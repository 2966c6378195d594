package io.bodega.events;

import java.util.UUID;

import io.bodega.shared.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * The {@code data} of each type of event, once: the log stores it as JSON, live streams
 * pass it on as it is, and the webhook messages carry it (plus the event's
 * {@code sequence}), so the OpenAPI document's webhook schemas are made from these
 * records too. Their components are the JSON's fields, in its order.
 */
public sealed interface EventData {

	/**
	 * An order as it stands after the change: {@code order.placed}, {@code order.paid},
	 * {@code order.delivered}, {@code order.refunded}.
	 */
	record OrderData(UUID id, String number, String status, @Nullable UUID customerId, String email,
			Money total) implements EventData {
	}

	/**
	 * {@code order.cancelled}: the order, and whether a person or the clock cancelled it.
	 */
	record OrderCancelledData(UUID id, String number, String status, @Nullable UUID customerId, String email,
			Money total,
			@Schema(description = "cancelled (by the customer or staff) or expired (not paid in time)",
					allowableValues = {
							"cancelled", "expired" }) String reason)
			implements
				EventData{

		static OrderCancelledData of(OrderData order, String reason) {
			return new OrderCancelledData(order.id(), order.number(), order.status(), order.customerId(), order.email(),
					order.total(), reason);
		}

	}

	/** {@code order.shipped}: the order, and how it travels. */
	record OrderShippedData(UUID id, String number, String status, @Nullable UUID customerId, String email, Money total,
			String carrier, String trackingNumber) implements EventData {

		static OrderShippedData of(OrderData order, String carrier, String trackingNumber) {
			return new OrderShippedData(order.id(), order.number(), order.status(), order.customerId(), order.email(),
					order.total(), carrier, trackingNumber);
		}

	}

	/** {@code payment.failed}: the payment, the order it was for, and why. */
	record PaymentFailedData(UUID id, UUID orderId, String orderNumber, String method, Money amount,
			@Nullable String reason) implements EventData {
	}

	/** {@code product.created}, {@code product.updated}. */
	record ProductData(UUID id, String slug, String title, String status) implements EventData {
	}

	/**
	 * {@code stock.changed}: one SKU's new level; the product is {@code null} for a SKU
	 * no product has.
	 */
	record StockData(String sku, @Nullable UUID productId, int onHand, int reserved,
			int available) implements EventData {
	}

	/** {@code customer.created}. */
	record CustomerData(UUID id, String email) implements EventData {
	}

	/** {@code cart.changed}: no cart id, as cart ids are secrets. */
	record CartData(int itemCount, Money subtotal) implements EventData {
	}

}

package io.bodega.payments;

import java.util.UUID;

import io.bodega.ordering.OrderId;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.ClientAddress;

import org.springframework.stereotype.Component;

/**
 * Bounds card testing: every payment attempt counts against the declined-payment limits
 * of its order and of its client address until it turns out to have gone through, when
 * its count is taken back. An attempt past either limit is refused (429) before anything
 * is charged, and an attempt whose outcome is never known keeps counting.
 */
@Component
class DeclineLimits {

	private final RateLimits rateLimits;

	private final RateLimits.Limit perOrder;

	private final RateLimits.Limit perAddress;

	DeclineLimits(RateLimits rateLimits, PaymentsProperties properties) {
		this.rateLimits = rateLimits;
		this.perOrder = new RateLimits.Limit("payment-decline-order", properties.declineOrderLimit(),
				properties.declineWindow(), "Too many declined payments for this order; try again later");
		this.perAddress = new RateLimits.Limit("payment-decline-address", properties.declineAddressLimit(),
				properties.declineWindow(), "Too many declined payments from your address; try again later");
	}

	/** Counts the attempt {@code payment}, or refuses it when a limit is reached. */
	void claim(UUID payment, OrderId orderId, String clientAddress) {
		rateLimits.claim(new RateLimits.Claim(perOrder, orderId.toString(), payment.toString()),
				new RateLimits.Claim(perAddress, ClientAddress.key(clientAddress), payment.toString()));
	}

	/** The attempt went through: it was no decline after all. */
	void release(UUID payment) {
		rateLimits.release(payment.toString());
	}

}

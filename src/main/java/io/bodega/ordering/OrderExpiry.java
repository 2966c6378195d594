package io.bodega.ordering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every node, every half minute, cancels unpaid orders whose reservation time is up
 * (BODEGA_RESERVATION_TTL).
 */
@Component
class OrderExpiry {

	private static final Logger log = LoggerFactory.getLogger(OrderExpiry.class);

	private final OrderMoves moves;

	OrderExpiry(OrderMoves moves) {
		this.moves = moves;
	}

	@Scheduled(fixedDelayString = "${bodega.ordering.expiry-interval:30s}", initialDelayString = "30s")
	void run() {
		int expired;
		do {
			expired = moves.expireDue(50);
			if (expired > 0) {
				log.info("Expired {} unpaid orders and released their stock", expired);
			}
		}
		while (expired == 50);
	}

}

package io.bodega.ordering.orders;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Every node, every half minute (the expiry interval of {@link OrderingProperties}),
 * cancels unpaid orders whose reservation time is up (BODEGA_RESERVATION_TTL). Scheduled
 * here rather than with {@code @Scheduled} so that the interval comes from the typed
 * properties, not from a second spelling of its key and default.
 */
@Component
class OrderExpiry implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(OrderExpiry.class);

	private static final Duration FIRST_ROUND = Duration.ofSeconds(30);

	private final OrderMoves moves;

	private final Duration interval;

	OrderExpiry(OrderMoves moves, OrderingProperties properties) {
		this.moves = moves;
		this.interval = properties.expiryInterval();
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(new FixedDelayTask(this::run, interval, FIRST_ROUND));
	}

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

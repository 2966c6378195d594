package io.bodega.webhooks.delivery;

import io.bodega.shared.db.Purges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes deliveries that succeeded or failed for good longer ago than
 * {@code BODEGA_WEBHOOK_KEEP}, with their attempts. Pending ones stay whatever their age.
 * Safe on every node at once.
 */
@Component
class DeliveryPurge {

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	DeliveryPurge(JdbcClient jdbc, WebhookProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT6M")
	void purge() {
		Purges.delete(jdbc, "webhook_deliveries",
				"status <> 'pending' and completed_at < now() - make_interval(secs => ?)",
				properties.keep().toSeconds());
	}

}

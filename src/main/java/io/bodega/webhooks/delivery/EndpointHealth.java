package io.bodega.webhooks.delivery;

import java.sql.Timestamp;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * An endpoint's health as its attempts move it: failing since its first failure after a
 * success, healthy again with a success, disabled when it answers 410 Gone or has had no
 * success for {@code BODEGA_WEBHOOK_DISABLE_AFTER}. A disabled endpoint's pending
 * deliveries are parked and its administrators are mailed. Runs in the transaction that
 * records the attempt.
 */
@Component
class EndpointHealth {

	private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

	/** What an attempt did to the endpoint, so its admins can be told. */
	enum Change {

		NONE, DISABLED_GONE, DISABLED_FAILING

	}

	private final JdbcClient jdbc;

	private final WebhookProperties properties;

	private final Deliveries deliveries;

	private final EndpointAlerts alerts;

	EndpointHealth(JdbcClient jdbc, WebhookProperties properties, Deliveries deliveries, EndpointAlerts alerts) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.deliveries = deliveries;
		this.alerts = alerts;
	}

	/** A successful attempt: the endpoint is no longer failing. */
	void succeeded(UUID endpoint) {
		jdbc.sql("update webhook_endpoints set failing_since = null where id = ? and failing_since is not null")
			.param(endpoint)
			.update();
	}

	/**
	 * A failed attempt: the endpoint is failing from now, if it was not already, and is
	 * disabled after 410 Gone or once it has failed for longer than
	 * {@code BODEGA_WEBHOOK_DISABLE_AFTER}.
	 */
	Change failed(UUID endpoint, WebhookSender.Outcome outcome) {
		jdbc.sql("update webhook_endpoints set failing_since = :at where id = :id and failing_since is null")
			.param("at", Timestamp.from(outcome.at()))
			.param("id", endpoint)
			.update();
		if (outcome.gone()) {
			return gone(endpoint);
		}
		int disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = 'failing', updated_at = now()
				where id = :id and enabled and failing_since < now() - make_interval(secs => :after)""")
			.param("id", endpoint)
			.param("after", properties.disableAfter().toSeconds())
			.update();
		if (disabled == 1) {
			deliveries.park(endpoint);
			log.warn("Webhook endpoint {} disabled: no success for {}", endpoint, properties.disableAfter());
			alerts.disabled(endpoint, "none of its deliveries has succeeded for more than "
					+ EndpointAlerts.words(properties.disableAfter()));
			return Change.DISABLED_FAILING;
		}
		return Change.NONE;
	}

	/** The endpoint answered 410 Gone: it is disabled, whoever heard it. */
	Change gone(UUID endpoint) {
		if (disable(endpoint, "gone")) {
			deliveries.park(endpoint);
			alerts.disabled(endpoint, "it answered 410 Gone, which means it does not want webhooks any more");
			return Change.DISABLED_GONE;
		}
		return Change.NONE;
	}

	private boolean disable(UUID endpoint, String reason) {
		boolean disabled = jdbc.sql("""
				update webhook_endpoints set enabled = false, disabled_reason = :reason, updated_at = now()
				where id = :id and enabled""").param("reason", reason).param("id", endpoint).update() == 1;
		if (disabled) {
			log.warn("Webhook endpoint {} disabled: it answered 410 Gone", endpoint);
		}
		return disabled;
	}

}

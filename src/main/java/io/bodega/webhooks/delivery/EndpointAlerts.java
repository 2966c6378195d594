package io.bodega.webhooks.delivery;

import java.time.Duration;
import java.util.UUID;

import io.bodega.accounts.Accounts;
import io.bodega.notifications.Mailer;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Tells every administrator, by mail queued in the same transaction, that Bodega disabled
 * a webhook endpoint.
 */
@Component
class EndpointAlerts {

	private final JdbcClient jdbc;

	private final Accounts accounts;

	private final Mailer mailer;

	EndpointAlerts(JdbcClient jdbc, Accounts accounts, Mailer mailer) {
		this.jdbc = jdbc;
		this.accounts = accounts;
		this.mailer = mailer;
	}

	@Transactional(propagation = Propagation.MANDATORY)
	void disabled(UUID endpoint, String why) {
		String url = jdbc.sql("select url from webhook_endpoints where id = ?")
			.param(endpoint)
			.query(String.class)
			.single();
		String body = "Bodega disabled the webhook endpoint " + url + " (" + endpoint + ") because " + why + ".\n\n"
				+ "It receives no webhooks until an administrator enables it again (POST /api/v1/admin/webhooks/"
				+ endpoint + "/enable); its deliveries that were still pending are then resumed in order, and the "
				+ "events that happened while it was disabled are not sent.\n";
		for (String admin : accounts.administratorEmails()) {
			mailer.send(admin, "Webhook endpoint disabled: " + url, body);
		}
	}

	static String words(Duration duration) {
		if (duration.toHours() >= 24 && duration.toHours() % 24 == 0) {
			return duration.toDays() + " days";
		}
		if (duration.toMinutes() >= 60 && duration.toMinutes() % 60 == 0) {
			return duration.toHours() + " hours";
		}
		return duration.toMinutes() + " minutes";
	}

}

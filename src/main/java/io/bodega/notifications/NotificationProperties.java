package io.bodega.notifications;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the notifications module; {@code application.yaml} maps each to its
 * {@code BODEGA_*} variable.
 *
 * @param dataDir the data directory, under which the development mailbox keeps its mails
 * (in {@code mail/}) when no SMTP server is configured
 * @param mail who mails come from
 */
@ConfigurationProperties("bodega")
record NotificationProperties(Path dataDir, Mail mail) {

	/**
	 * @param from the sender of every mail ({@code Bodega <no-reply@shop.example>}); its
	 * domain is also where Message-IDs live
	 */
	record Mail(String from) {
	}

	NotificationProperties {
		if (dataDir == null || mail == null || mail.from() == null) {
			throw new IllegalArgumentException(
					"bodega.data-dir (BODEGA_DATA_DIR) and bodega.mail.from " + "(BODEGA_MAIL_FROM) must be set");
		}
	}

}

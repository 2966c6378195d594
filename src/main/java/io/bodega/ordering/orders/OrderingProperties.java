package io.bodega.ordering.orders;

import java.time.Duration;
import java.time.ZoneId;

import java.time.ZoneOffset;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ordering module; {@code application.yaml} maps each to its
 * {@code BODEGA_*} variable.
 *
 * @param reservationTtl an unpaid order keeps its stock this long, then it is cancelled
 * @param guestCheckoutAddressLimit guest checkouts from one client address within the
 * window (0: no limit)
 * @param guestCheckoutEmailLimit guest checkouts for one e-mail within the window (0: no
 * limit)
 * @param guestCheckoutWindow the window guest checkouts are counted in
 * @param unpaidOrderLimit unpaid orders one customer may hold at once (0: no limit)
 * @param timeZone the shop's time zone: where its days begin, for the admin summary and
 * date filters
 * @param expiryInterval how long each node waits between two rounds of expiring unpaid
 * orders ({@code bodega.ordering.expiry-interval}, not in {@code application.yaml})
 * @param databasePoolSize the database pool's connections ({@code BODEGA_DB_POOL_SIZE},
 * read from {@code spring.datasource.hikari.maximum-pool-size}): checkouts are admitted
 * two fewer at once, so that other requests always find a connection
 */
@ConfigurationProperties("bodega.ordering")
public record OrderingProperties(Duration reservationTtl, int guestCheckoutAddressLimit, int guestCheckoutEmailLimit,
		Duration guestCheckoutWindow, int unpaidOrderLimit, ZoneId timeZone, @DefaultValue("10") int databasePoolSize,
		@DefaultValue("30s") Duration expiryInterval) {

	/**
	 * A fixed offset other than zero is refused: PostgreSQL reads a zone such as
	 * {@code +02:00} or {@code GMT+2} the POSIX way, with the opposite sign, so the
	 * summary's days would be cut in the wrong place (and a shop's days follow its
	 * region's daylight saving time anyway).
	 */
	public OrderingProperties {
		if (timeZone != null && timeZone.normalized() instanceof ZoneOffset offset) {
			if (offset.getTotalSeconds() != 0) {
				throw new IllegalArgumentException("BODEGA_TIMEZONE must be a region such as Europe/Berlin, or UTC, "
						+ "not the fixed offset " + timeZone.getId());
			}
			timeZone = ZoneId.of("UTC");
		}
	}
}

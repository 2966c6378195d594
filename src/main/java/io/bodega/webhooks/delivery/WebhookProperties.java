package io.bodega.webhooks.delivery;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the webhooks module; {@code application.yaml} maps each to its
 * {@code BODEGA_*} variable.
 *
 * @param allowedNetworks CIDR ranges an endpoint may point into although they are
 * private, loopback or otherwise internal (and where plain http is accepted); empty: only
 * public addresses, over https
 * @param disableAfter an endpoint with no success since its first failure this long ago
 * is disabled
 * @param parallelSends deliveries one node sends at once
 * @param lease how long a claimed delivery is left to its node before another may send it
 * again; at least twice the longest an attempt may take
 * ({@link WebhookSender#REQUEST_SECONDS}, name lookup included)
 * @param keep how long a delivery that succeeded or failed for good is kept, with its
 * attempts
 */
@ConfigurationProperties("bodega.webhooks")
record WebhookProperties(List<String> allowedNetworks, Duration disableAfter, int parallelSends, Duration lease,
		Duration keep) {

	static final Duration MIN_LEASE = Duration.ofSeconds(2L * WebhookSender.REQUEST_SECONDS);

	WebhookProperties {
		allowedNetworks = allowedNetworks == null ? List.of()
				: allowedNetworks.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
		disableAfter = disableAfter == null ? Duration.ofDays(5) : disableAfter;
		parallelSends = parallelSends <= 0 ? 16 : parallelSends;
		lease = lease == null ? Duration.ofSeconds(60) : lease;
		keep = keep == null ? Duration.ofDays(30) : keep;
		if (lease.compareTo(MIN_LEASE) < 0) {
			throw new IllegalArgumentException("bodega.webhooks.lease (BODEGA_WEBHOOK_LEASE) must be at least "
					+ MIN_LEASE.toSeconds() + "s: twice the " + WebhookSender.REQUEST_SECONDS
					+ "s an attempt may take, name lookup included");
		}
	}
}

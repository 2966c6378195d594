package io.bodega.live;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param heartbeat an idle stream gets a comment line this often, so proxies and load balancers keep it open
 * @param maxStreams open streams on one node; beyond them a new one is refused with 503 and Retry-After
 * @param maxStreamsPerSession open streams of one session on one node (a browser's tabs); beyond them 429
 * @param sessionCheck how often the sessions of open streams are checked, so a stream ends soon after its session
 */
@ConfigurationProperties("bodega.live")
record LiveProperties(Duration heartbeat, int maxStreams, int maxStreamsPerSession, Duration sessionCheck) {

	LiveProperties {
		if (heartbeat == null || heartbeat.toMillis() < 100 || sessionCheck == null || sessionCheck.toMillis() < 100) {
			throw new IllegalArgumentException(
					"BODEGA_LIVE_HEARTBEAT and BODEGA_LIVE_SESSION_CHECK must be at least 100ms");
		}
		if (maxStreams < 1 || maxStreamsPerSession < 1) {
			throw new IllegalArgumentException(
					"BODEGA_LIVE_MAX_STREAMS and BODEGA_LIVE_MAX_STREAMS_PER_SESSION must be at least 1");
		}
	}
}

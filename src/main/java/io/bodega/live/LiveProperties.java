package io.bodega.live;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param heartbeat an idle stream gets a comment line this often, so proxies and load
 * balancers keep it open
 * @param maxStreams open streams on one node; beyond them a new one is refused with 503
 * and Retry-After. Unset: as many as half the heap holds at {@value #HEAP_PER_STREAM}
 * bytes a stream ({@link #streams()})
 * @param maxStreamsPerSession open streams of one session on one node (a browser's tabs);
 * beyond them 429
 * @param maxStreamsPerUser open streams of one user on one node, all their sessions
 * together; beyond them 429
 * @param maxStreamsPerAddress open streams without a session (products, guests' orders)
 * of one client address on one node; beyond them 429
 * @param sessionCheck how often the sessions of open streams are checked, so a stream
 * ends soon after its session
 */
@ConfigurationProperties("bodega.live")
record LiveProperties(Duration heartbeat, @Nullable Integer maxStreams, int maxStreamsPerSession, int maxStreamsPerUser,
		int maxStreamsPerAddress, Duration sessionCheck) {

	/**
	 * The heap one open stream is counted at: about 150 KiB was measured
	 * (bench/RESULTS.md), most of it Tomcat's per-connection buffers, and the rest is
	 * headroom for what a busy stream holds for a moment.
	 */
	static final long HEAP_PER_STREAM = 200 * 1024;

	/** The most streams the heap-derived bound allows. */
	static final int AT_MOST = 10_000;

	LiveProperties {
		if (heartbeat == null || heartbeat.toMillis() < 100 || sessionCheck == null || sessionCheck.toMillis() < 100) {
			throw new IllegalArgumentException(
					"BODEGA_LIVE_HEARTBEAT and BODEGA_LIVE_SESSION_CHECK must be at least 100ms");
		}
		if ((maxStreams != null && maxStreams < 1) || maxStreamsPerSession < 1 || maxStreamsPerUser < 1
				|| maxStreamsPerAddress < 1) {
			throw new IllegalArgumentException("BODEGA_LIVE_MAX_STREAMS, BODEGA_LIVE_MAX_STREAMS_PER_SESSION, "
					+ "BODEGA_LIVE_MAX_STREAMS_PER_USER and BODEGA_LIVE_MAX_STREAMS_PER_ADDRESS must be at least 1");
		}
	}

	/**
	 * The streams one node may hold: the setting, or else what half the heap holds,
	 * leaving the other half to everything else the node does: 2,621 in a 1 GiB heap (100
	 * at the least), and no more than {@value #AT_MOST} however big the heap, so that
	 * Tomcat's connections (BODEGA_MAX_CONNECTIONS, 12,000) leave room for requests.
	 */
	int streams() {
		if (maxStreams != null) {
			return maxStreams;
		}
		return streamsFor(Runtime.getRuntime().maxMemory());
	}

	static int streamsFor(long heap) {
		return (int) Math.max(100, Math.min(AT_MOST, heap / 2 / HEAP_PER_STREAM));
	}
}

package io.bodega.shared.web;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The first thing a shutdown does (SIGTERM): readiness turns 503 while the server still
 * takes requests, for {@code BODEGA_SHUTDOWN_DRAIN}, so a load balancer checking
 * readiness takes the node out before its listener closes; only then does the graceful
 * shutdown stop accepting and let running requests finish
 * ({@code spring.lifecycle.timeout-per-shutdown-phase}). Without the pause the balancer
 * went on sending requests into a closed port until its next check.
 * <p>
 * It stops in the latest phase there is, before the web server's graceful shutdown.
 * Unless set, there is no drain with the embedded database
 * ({@link ShutdownProperties#drain(boolean)}).
 */
@Component
class ShutdownDrain implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ShutdownDrain.class);

	private final ApplicationEventPublisher events;

	private final Duration drain;

	private volatile boolean running;

	private volatile boolean stopped;

	ShutdownDrain(ApplicationEventPublisher events, ShutdownProperties properties, Environment environment) {
		this.events = events;
		this.drain = properties.drain(environment.getProperty("bodega.db.url", "").isBlank());
	}

	/** How long readiness answers 503 before the listener closes. */
	Duration drain() {
		return drain;
	}

	/**
	 * Running from the start; started again after a {@link #stop} that was not a shutdown
	 * (a test framework pausing a cached application context and resuming it), it takes
	 * traffic again.
	 */
	@Override
	public void start() {
		if (stopped) {
			AvailabilityChangeEvent.publish(events, this, ReadinessState.ACCEPTING_TRAFFIC);
		}
		running = true;
	}

	@Override
	public void stop() {
		AvailabilityChangeEvent.publish(events, this, ReadinessState.REFUSING_TRAFFIC);
		if (drain.isPositive()) {
			log.info("Shutting down: not ready, still serving for {} so the load balancer can take this node out",
					drain);
			try {
				Thread.sleep(drain);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}
		running = false;
		stopped = true;
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	@Override
	public int getPhase() {
		return Integer.MAX_VALUE;
	}

}

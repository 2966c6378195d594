package io.bodega.shared.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bodega.shutdown}: {@code drain} is {@code BODEGA_SHUTDOWN_DRAIN}, null when it
 * is not set (see {@link ShutdownDrain#drain}).
 */
@ConfigurationProperties("bodega.shutdown")
record ShutdownProperties(Duration drain) {

	/**
	 * What a node behind a load balancer waits when nothing is set: longer than the
	 * balancer's checks take.
	 */
	static final Duration DEFAULT_DRAIN = Duration.ofSeconds(5);

	/**
	 * The drain: as set; when not set, {@link #DEFAULT_DRAIN} with an external database
	 * (a deployment, perhaps behind a load balancer) and none with the embedded one
	 * (development: nobody to wait for, and a stop that waited 5 s made
	 * {@code ./mvnw spring-boot:run} kill the application and report a failure).
	 */
	Duration drain(boolean embeddedDatabase) {
		if (drain != null) {
			return drain;
		}
		return embeddedDatabase ? Duration.ZERO : DEFAULT_DRAIN;
	}
}

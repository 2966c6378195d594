package io.bodega.events;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param keep how long the log keeps its events ({@code BODEGA_EVENT_LOG_KEEP}); a live
 * client further behind than that is told to reload instead of resuming
 */
@ConfigurationProperties("bodega.event-log")
record EventLogProperties(@DefaultValue("7d") Duration keep) {
}

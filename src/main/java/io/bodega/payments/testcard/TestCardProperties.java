package io.bodega.payments.testcard;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the simulated test card provider, under the payments module's prefix. Only
 * tests change them, so they have no {@code BODEGA_*} variable of their own.
 *
 * @param testCardDelay how long a {@code 4000000000003220} charge stays pending before
 * the provider settles it and sends its webhook
 */
@ConfigurationProperties("bodega.payments")
record TestCardProperties(@DefaultValue("2s") Duration testCardDelay) {
}

package io.bodega.payments;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the payments module; {@code application.yaml} maps each to its
 * {@code BODEGA_*} variable. Whether the test card is offered
 * ({@code BODEGA_TEST_PAYMENTS}) is decided before any bean exists, by
 * {@code payments.testcard.TestPayments}; the simulated provider's own delay is in
 * {@code payments.testcard.TestCardProperties}.
 *
 * @param reconcile how often, and after how long without news, pending payments are
 * completed with their provider
 * @param declineOrderLimit declined payments of one order within the window before 429
 * (0: no limit)
 * @param declineAddressLimit declined payments from one client address within the window
 * before 429 (0: no limit)
 * @param declineWindow the window declined payments are counted in
 */
@ConfigurationProperties("bodega.payments")
record PaymentsProperties(Duration reconcile, int declineOrderLimit, int declineAddressLimit, Duration declineWindow) {
}

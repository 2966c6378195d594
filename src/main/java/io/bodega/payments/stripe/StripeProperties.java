package io.bodega.payments.stripe;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the Stripe payment method. Stripe is on exactly when {@code secretKey} is
 * set.
 * <p>
 * A call to Stripe must end well within the lease that protects it, so the SDK's own
 * timeouts and retries are bounded here. The SDK retries a request up to
 * {@code maxNetworkRetries} times (connection failures, timeouts, 409, 5xx, and any
 * answer with {@code Stripe-Should-Retry: true}) and sleeps
 * {@code min(0.5s * 2^(n-1), 5s)} (times a jitter below 1) before retry {@code n}, so one
 * call takes at most <pre>
 * (maxNetworkRetries + 1) * (connectTimeout + readTimeout) + sum over n = 1..maxNetworkRetries of min(0.5s * 2^(n-1), 5s)
 * </pre> ({@link #worstCaseCall()}); with the defaults (2 s, 10 s, 1 retry) that is 24.5
 * s. The read timeout applies to each socket read, so a server that trickles its answer a
 * byte at a time can stretch a call past this bound; Stripe does not, a proxy in between
 * might.
 *
 * @param secretKey the secret API key ({@code sk_...}); blank: Stripe is off
 * @param publishableKey the publishable key ({@code pk_...}) a storefront confirms with
 * @param webhookSecret the signing secret of the webhook endpoint ({@code whsec_...})
 * @param apiBase where Stripe's API is; tests and local development point it at a fake
 * @param connectTimeout the SDK's connect timeout, per attempt
 * @param readTimeout the SDK's read timeout, per socket read
 * @param maxNetworkRetries the SDK's retries of one call (0 to {@value #MAX_RETRIES})
 * @param webhookTolerance how old a webhook's signed timestamp may be
 */
@ConfigurationProperties("bodega.stripe")
public record StripeProperties(String secretKey, String publishableKey, String webhookSecret,
		@DefaultValue(LIVE_API_BASE) String apiBase, @DefaultValue("2s") Duration connectTimeout,
		@DefaultValue("10s") Duration readTimeout, @DefaultValue("1") int maxNetworkRetries,
		@DefaultValue("300s") Duration webhookTolerance) {

	/** Stripe's own API. */
	public static final String LIVE_API_BASE = "https://api.stripe.com";

	/** More retries would only stretch a call that a lease has to outlast. */
	public static final int MAX_RETRIES = 3;

	private static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

	public StripeProperties {
		apiBase = (apiBase == null || apiBase.isBlank()) ? LIVE_API_BASE : apiBase;
		connectTimeout = within("connectTimeout", connectTimeout, Duration.ofSeconds(2));
		readTimeout = within("readTimeout", readTimeout, Duration.ofSeconds(10));
		webhookTolerance = (webhookTolerance == null) ? Duration.ofSeconds(300) : webhookTolerance;
		if (maxNetworkRetries < 0 || maxNetworkRetries > MAX_RETRIES) {
			throw new IllegalArgumentException(
					"bodega.stripe.max-network-retries must be between 0 and " + MAX_RETRIES);
		}
		if (webhookTolerance.toSeconds() < 1) {
			// The SDK turns a tolerance of 0 or less into no check of the timestamp at
			// all.
			throw new IllegalArgumentException("bodega.stripe.webhook-tolerance must be at least 1s");
		}
	}

	/**
	 * Settings for a fake of Stripe's API (tests, local development): the given keys and
	 * address, the default webhook tolerance.
	 * @param secretKey the secret key the fake expects
	 * @param webhookSecret the webhook signing secret
	 * @param apiBase the fake's address
	 * @param connectTimeout connect timeout per attempt
	 * @param readTimeout read timeout per socket read
	 * @param maxNetworkRetries the SDK's retries
	 * @return the settings
	 */
	public static StripeProperties of(String secretKey, String webhookSecret, String apiBase, Duration connectTimeout,
			Duration readTimeout, int maxNetworkRetries) {
		return new StripeProperties(secretKey, "pk_test_bodega", webhookSecret, apiBase, connectTimeout, readTimeout,
				maxNetworkRetries, null);
	}

	/**
	 * Whether Stripe is on.
	 * @return whether a secret key is set
	 */
	public boolean enabled() {
		return secretKey != null && !secretKey.isBlank();
	}

	/**
	 * The longest one call through the SDK can take with these settings (see the class
	 * comment for the formula and its one loophole).
	 * @return the bound a lease around a call must exceed
	 */
	public Duration worstCaseCall() {
		Duration total = connectTimeout.plus(readTimeout).multipliedBy(maxNetworkRetries + 1L);
		for (int n = 1; n <= maxNetworkRetries; n++) {
			Duration sleep = Duration.ofMillis(500L << (n - 1));
			total = total.plus(sleep.compareTo(MAX_BACKOFF) < 0 ? sleep : MAX_BACKOFF);
		}
		return total;
	}

	/** Keeps the keys out of logs and error messages. */
	@Override
	public String toString() {
		return "StripeProperties[enabled=" + enabled() + ", apiBase=" + apiBase + ", connectTimeout=" + connectTimeout
				+ ", readTimeout=" + readTimeout + ", maxNetworkRetries=" + maxNetworkRetries + ", webhookTolerance="
				+ webhookTolerance + "]";
	}

	private static Duration within(String name, Duration value, Duration fallback) {
		Duration timeout = (value == null) ? fallback : value;
		if (timeout.toMillis() < 1 || timeout.compareTo(MAX_TIMEOUT) > 0) {
			throw new IllegalArgumentException("bodega.stripe." + name + " must be between 1ms and " + MAX_TIMEOUT);
		}
		return timeout;
	}

}

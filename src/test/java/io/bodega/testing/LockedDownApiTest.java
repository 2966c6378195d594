package io.bodega.testing;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A second test server, set up as production is where that matters: test payments off,
 * forwarded headers trusted only from {@link #PROXY} (so a client on loopback cannot
 * choose its own address), the metrics token set, and abuse limits small enough to reach
 * in a test. Clients come from distinct loopback addresses ({@link #httpFrom}) so each
 * test counts against limits of its own. Its own data directory and embedded PostgreSQL
 * (or, in CI, the same external database as {@link ApiTest}). All test classes that
 * extend it share one application context. It holds four live streams at most (two per
 * user), so the node's bounds are reached in a test, and gives an import's body 3
 * seconds.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "bodega.payments.test-payments=false", "bodega.trusted-proxies=" + LockedDownApiTest.PROXY,
				"bodega.metrics-token=" + LockedDownApiTest.METRICS_TOKEN, "bodega.accounts.register-address-limit=3",
				"bodega.accounts.register-limit=8", "bodega.ordering.guest-checkout-address-limit=3",
				"bodega.ordering.guest-checkout-email-limit=2", "bodega.ordering.unpaid-order-limit=2",
				"bodega.payments.decline-order-limit=2", "bodega.payments.decline-address-limit=3",
				"bodega.live.max-streams=4", "bodega.live.max-streams-per-user=2",
				"bodega.catalog.import-read-deadline=3s" })
@ActiveProfiles("test")
@Import({ CountingPasswordEncoder.Install.class, StatementCounter.Install.class, LaterListeners.Install.class,
		LogCapture.Install.class })
public abstract class LockedDownApiTest extends ApiTestBase {

	/**
	 * The only address whose X-Forwarded-For and X-Forwarded-Proto this server honours.
	 */
	public static final String PROXY = "127.0.0.5";

	public static final String METRICS_TOKEN = "metrics-token-for-tests-3b9f27c1a4";

	private static final Path DATA_DIR = TestDataDirectory.create("bodega-locked-down-");

	/** Each test counts against fresh limits, whatever the tests before it used up. */
	@BeforeEach
	void freshLimits() {
		jdbc.sql("delete from rate_limit_claims").update();
	}

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("bodega.data-dir", DATA_DIR::toString);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailbox::port);
	}

}

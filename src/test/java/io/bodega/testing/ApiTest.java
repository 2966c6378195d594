package io.bodega.testing;

import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The end-to-end tests' server: the whole application on a random port with the settings
 * of development (test payments on, the loopback proxy trusted), a real PostgreSQL
 * (embedded, or the one {@code BODEGA_TEST_DB_URL} names) and a real SMTP server. All
 * test classes that extend it share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@Import({ CountingPasswordEncoder.Install.class, StatementCounter.Install.class, LaterListeners.Install.class,
		LogCapture.Install.class })
public abstract class ApiTest extends ApiTestBase {

	/**
	 * What a Prometheus scraper of this server sends as its Bearer token
	 * (application-test.yaml).
	 */
	public static final String METRICS_TOKEN = "main-test-server-metrics-token-71c2e";

	private static final Path DATA_DIR = TestDataDirectory.create("bodega-test-");

	@DynamicPropertySource
	static void infrastructure(DynamicPropertyRegistry registry) {
		registry.add("bodega.data-dir", DATA_DIR::toString);
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMailbox::port);
	}

}

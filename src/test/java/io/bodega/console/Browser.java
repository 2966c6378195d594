package io.bodega.console;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * One headless Debian Chromium for the whole test run, driven through Debian's matching
 * chromedriver (no browser or driver download: Selenium Manager is not used when both
 * paths are given). Where neither is installed the browser tests are skipped with one
 * line saying so, except under CI ({@code BODEGA_BROWSER_TESTS=required}), where a
 * missing browser fails them.
 */
final class Browser {

	static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private static final List<Path> CHROMIUM = List.of(Path.of("/usr/lib/chromium/chromium"),
			Path.of("/usr/bin/chromium"));

	private static ChromeDriver driver;

	private Browser() {
	}

	static synchronized ChromeDriver get() {
		if (driver == null) {
			Path chromium = CHROMIUM.stream().filter(Files::isExecutable).findFirst().orElse(null);
			boolean required = "required".equals(System.getenv("BODEGA_BROWSER_TESTS"));
			if (chromium == null || !Files.isExecutable(DRIVER)) {
				String missing = "Browser tests need Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)";
				if (required) {
					throw new IllegalStateException(missing + ", and BODEGA_BROWSER_TESTS=required");
				}
				Assumptions.abort(missing + ": skipped");
			}
			ChromeOptions options = new ChromeOptions();
			options.setBinary(chromium.toFile());
			// Headless, and none of Chromium's own calls home: this machine's network is
			// closed to them.
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
					"--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
					"--disable-quic", "--lang=en-US", "--window-size=1280,900");
			LoggingPreferences logs = new LoggingPreferences();
			logs.enable(LogType.BROWSER, Level.ALL);
			options.setCapability("goog:loggingPrefs", logs);
			ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
				.usingAnyFreePort()
				.build();
			driver = new ChromeDriver(service, options);
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
			Runtime.getRuntime().addShutdownHook(new Thread(driver::quit));
		}
		return driver;
	}

	static void size(int width, int height) {
		get().manage().window().setSize(new Dimension(width, height));
	}

}

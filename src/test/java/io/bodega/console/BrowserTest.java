package io.bodega.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import io.bodega.testing.ApiTest;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A test that uses the admin console as a person would: it finds fields by their labels,
 * buttons by their names and headings by their text, and waits for what a person would
 * wait for. After each test the browser's console must hold no error (a script the
 * Content-Security-Policy blocked, a failed module, an exception).
 */
@ExtendWith(BrowserTest.KeepsFailures.class)
abstract class BrowserTest extends ApiTest {

	static final Duration WAIT = Duration.ofSeconds(15);

	protected ChromeDriver browser;

	private String timerRecording;

	@BeforeEach
	void openBrowser() {
		browser = Browser.get();
		Browser.size(1280, 900);
		browser.get("http://localhost:" + port + "/admin/console.css");
		browser.manage().deleteAllCookies(); // each test starts signed out
		browser.manage().logs().get(LogType.BROWSER); // drops what earlier tests left
	}

	@AfterEach
	void noErrorsInTheBrowser() {
		if (browser == null) {
			return; // skipped: no browser on this machine
		}
		List<LogEntry> errors = browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
			.filter(e -> !expectedError(e.getMessage()))
			.toList();
		assertThat(errors).as("errors in the browser's console").isEmpty();
	}

	/**
	 * Answers a test provoked on purpose (a refused action's 409) show in the console as
	 * failed loads.
	 */
	protected boolean expectedError(String message) {
		return message.contains("the server responded with a status of 4");
	}

	/**
	 * Loads the console afresh (not only a new #route in the page already open), signed
	 * out.
	 */
	protected void open(String hash) {
		browser.get("about:blank");
		browser.get("http://localhost:" + port + "/admin/" + hash);
	}

	protected void signIn(String email, String password) {
		field("E-mail").clear();
		field("E-mail").sendKeys(email);
		field("Password").sendKeys(password);
		button("Sign in").click();
	}

	protected void openSignedIn(String hash) {
		open(hash);
		heading("Sign in to Bodega admin");
		signIn(ADMIN_EMAIL, ADMIN_PASSWORD);
		waitFor(By.cssSelector("header.top"));
	}

	/** The form field a label names, as a screen reader would find it. */
	protected WebElement field(String label) {
		WebElement labelElement = waitFor(By.xpath("//label[normalize-space()=" + literal(label) + "]"));
		return browser.findElement(By.id(labelElement.getDomAttribute("for")));
	}

	/**
	 * A button by its accessible name: its aria-label where it has one, else its text.
	 */
	protected WebElement button(String name) {
		String quoted = literal(name);
		return waitForClickable(By
			.xpath("//button[@aria-label=" + quoted + " or (not(@aria-label) and normalize-space()=" + quoted + ")]"));
	}

	protected WebElement link(String name) {
		return waitForClickable(By.xpath("//a[normalize-space()=" + literal(name) + "]"));
	}

	protected WebElement heading(String text) {
		return waitFor(By.xpath("//*[self::h1 or self::h2][contains(normalize-space(), " + literal(text) + ")]"));
	}

	protected void waitForText(String text) {
		new WebDriverWait(browser, WAIT).until(d -> d.findElement(By.tagName("body")).getText().contains(text));
	}

	protected WebElement alert() {
		return waitFor(By.cssSelector("[role=alert]"));
	}

	protected WebElement status() {
		return new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("[role=status]"))
			.stream()
			.filter(e -> !e.getText().isBlank())
			.findFirst()
			.orElse(null));
	}

	protected WebElement waitFor(By by) {
		return new WebDriverWait(browser, WAIT).until(ExpectedConditions.visibilityOfElementLocated(by));
	}

	protected WebElement waitForClickable(By by) {
		return new WebDriverWait(browser, WAIT).until(ExpectedConditions.elementToBeClickable(by));
	}

	protected Object script(String script, Object... args) {
		return ((JavascriptExecutor) browser).executeScript(script, args);
	}

	/**
	 * From the next page load on, records the period of every repeating timer the page
	 * starts (setInterval) in {@code window.bodegaTestIntervals}, so a test can tell the
	 * page does not poll. Undone after the test.
	 */
	protected void recordRepeatingTimers() {
		Map<String, Object> added = browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
				Map.of("source", """
						window.bodegaTestIntervals = [];
						const setIntervalAsItWas = window.setInterval;
						window.setInterval = function (handler, delay, ...rest) {
						  window.bodegaTestIntervals.push(Number(delay) || 0);
						  return setIntervalAsItWas.call(this, handler, delay, ...rest);
						};"""));
		timerRecording = (String) added.get("identifier");
	}

	/**
	 * The periods, in milliseconds, of the repeating timers the page started since
	 * {@link #recordRepeatingTimers}.
	 */
	@SuppressWarnings("unchecked")
	protected List<Long> repeatingTimers() {
		return (List<Long>) script("return window.bodegaTestIntervals");
	}

	@AfterEach
	void stopRecordingTimers() {
		if (timerRecording != null) {
			browser.executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", timerRecording));
			timerRecording = null;
		}
	}

	/**
	 * Keeps a picture of the screen under docs/console/ when asked to
	 * ({@code -Dbodega.screenshots=true}), so an ordinary run leaves the working tree as
	 * it was.
	 */
	protected void screenshot(String name) {
		Path folder = Path.of("docs", "console");
		if (!Boolean.getBoolean("bodega.screenshots") || !Files.isDirectory(folder)) {
			return;
		}
		try {
			script("window.scrollTo(0, 0)");
			Files.write(folder.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * Keeps a picture of the screen under target/screenshots/, on every run, for a person
	 * to look at.
	 */
	protected Path keepPicture(String name) {
		try {
			Path file = Files.createDirectories(Path.of("target", "screenshots")).resolve(name + ".png");
			Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

	/**
	 * What the browser showed when a test failed: a picture and the page's HTML, under
	 * target/browser-failures/.
	 */
	static final class KeepsFailures implements TestWatcher {

		@Override
		public void testFailed(ExtensionContext context, Throwable cause) {
			try {
				Path folder = Files.createDirectories(Path.of("target", "browser-failures"));
				String name = context.getRequiredTestClass().getSimpleName() + "." + context.getDisplayName();
				ChromeDriver driver = Browser.get();
				Files.write(folder.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
				Files.writeString(folder.resolve(name + ".html"), driver.getPageSource());
			}
			catch (Exception e) {
				cause.addSuppressed(e);
			}
		}

	}

	static String literal(String text) {
		if (!text.contains("'")) {
			return "'" + text + "'";
		}
		return "concat('" + text.replace("'", "', \"'\", '") + "')";
	}

}

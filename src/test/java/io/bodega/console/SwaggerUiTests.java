package io.bodega.console;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI at {@code /docs} works in Chromium under its Content-Security-Policy
 * (ApiDocsPolicyTests has the headers): the operations are rendered and Try it out calls
 * the server, with no violation in the browser's console, while the policy is in force
 * (an inline script is refused).
 */
class SwaggerUiTests extends BrowserTest {

	@Test
	void rendersTheOperationsAndTriesOneOutUnderItsPolicy() {
		browser.get("http://localhost:" + port + "/docs");

		new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector(".opblock")).size() > 20);
		WebElement products = waitForClickable(
				By.cssSelector(".opblock-get .opblock-summary-path[data-path='/api/v1/products']"));
		products.click();
		WebElement operation = products.findElement(
				By.xpath("ancestor::div[contains(concat(' ', normalize-space(@class), ' '), ' opblock ')][1]"));
		new WebDriverWait(browser, WAIT)
			.until(d -> !operation.findElements(By.cssSelector("button.try-out__btn")).isEmpty());
		operation.findElement(By.cssSelector("button.try-out__btn")).click();
		new WebDriverWait(browser, WAIT)
			.until(d -> !operation.findElements(By.cssSelector("button.execute")).isEmpty());
		operation.findElement(By.cssSelector("button.execute")).click();
		new WebDriverWait(browser, WAIT)
			.until(d -> operation.findElements(By.cssSelector(".live-responses-table .response-col_status"))
				.stream()
				.anyMatch(status -> status.getText().strip().equals("200")));

		assertThat(severe()).as("errors (such as CSP violations) in the browser's console").isEmpty();

		script("""
				const probe = document.createElement('script');
				probe.textContent = 'window.inlineScriptRan = true';
				document.body.append(probe);""");
		assertThat(script("return window.inlineScriptRan === true")).as("an inline script ran").isEqualTo(false);
		List<String> refusals = new ArrayList<>();
		new WebDriverWait(browser, WAIT).until(d -> refusals.addAll(severe()));
		assertThat(refusals).anyMatch(message -> message.contains("Content Security Policy"));
	}

	/**
	 * The console's errors since the last look but failed loads; reading them leaves the
	 * after-test check later ones.
	 */
	private List<String> severe() {
		return browser.manage()
			.logs()
			.get(LogType.BROWSER)
			.getAll()
			.stream()
			.filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
			.map(LogEntry::getMessage)
			.filter(message -> !expectedError(message)) // such as Chromium's own look for
														// /favicon.ico
			.toList();
	}

}

package io.bodega.console;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console without a mouse: typing, Tab, Enter and Escape reach everything, and focus
 * goes where it should.
 */
class KeyboardTests extends BrowserTest {

	private WebElement focused() {
		return browser.switchTo().activeElement();
	}

	private void press(CharSequence... keys) {
		new Actions(browser).sendKeys(keys).perform();
	}

	@Test
	void signsInAndActsOnAnOrderWithTheKeyboardAlone() {
		String sku = newProductSku(adminToken(), "Lamp", 2000);
		JsonNode order = placeGuestOrder(sku, 1, "keys-" + uniqueWord() + "@example.com");
		payWithTestCard(order);

		open("#/orders/" + order.path("id").asString());
		heading("Sign in to Bodega admin");
		new WebDriverWait(browser, WAIT).until(d -> "email".equals(focused().getDomAttribute("id")));
		press(ADMIN_EMAIL, Keys.TAB, ADMIN_PASSWORD, Keys.ENTER);

		heading("Order " + order.path("number").asString());
		new WebDriverWait(browser, WAIT).until(d -> focused().getTagName().equals("h1"));

		// The first stop of Tab on the page is the skip link, and it leads to the
		// screen's heading.
		assertThat(script("return document.querySelector('a[href], button, input, select, textarea').textContent"))
			.isEqualTo("Skip to content");
		script("document.querySelector('a.skip').focus()");
		assertThat(focused().getText()).isEqualTo("Skip to content");
		press(Keys.ENTER);
		assertThat(focused().getTagName()).isEqualTo("h1");

		button("Ship…").sendKeys(Keys.ENTER);
		waitFor(By.cssSelector("dialog[open]"));
		assertThat(focused().getDomAttribute("id")).isEqualTo("carrier");
		press(Keys.ESCAPE);
		new WebDriverWait(browser, WAIT).until(d -> d.findElements(By.cssSelector("dialog")).isEmpty());
		assertThat(focused().getText()).as("focus is back where it was").isEqualTo("Ship…");

		button("Ship…").sendKeys(Keys.ENTER);
		waitFor(By.cssSelector("dialog[open]"));
		press("GLS", Keys.TAB, "GLS-778", Keys.ENTER);
		waitForText("is shipped.");
		assertThat(http().get("/api/v1/admin/orders/" + order.path("id").asString())
			.bearer(adminToken())
			.send()
			.json()
			.path("trackingNumber")
			.asString()).isEqualTo("GLS-778");
	}

}

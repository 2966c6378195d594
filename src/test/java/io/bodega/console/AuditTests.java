package io.bodega.console;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;

import static org.assertj.core.api.Assertions.assertThat;

class AuditTests extends BrowserTest {

	@Test
	void showsAChangeWithItsBeforeAndAfterFilteredByWhatChanged() {
		String token = adminToken();
		String word = uniqueWord();
		String id = createProduct(token, productBody("Clock " + word, List.of(), 3000, uniqueSku())).path("id")
			.asString();
		assertThat(http().patch("/api/v1/admin/products/" + id)
			.bearer(token)
			.json(Map.of("title", "Wall clock " + word))
			.send()
			.status()).isEqualTo(200);

		openSignedIn("#/audit");
		heading("Audit log");
		new Select(field("What changed")).selectByVisibleText("product");
		field("Id, SKU or e-mail").sendKeys(id);
		button("Filter").click();

		var newest = waitFor(By.cssSelector("ol.audit > li"));
		assertThat(newest.getText()).contains(ADMIN_EMAIL).contains("product " + id);
		assertThat(newest.findElement(By.linkText(id)).getDomAttribute("href")).isEqualTo("#/products/" + id);
		assertThat(newest.findElement(By.cssSelector("dl.diff")).getText()).contains("title")
			.contains("Clock " + word)
			.contains("Wall clock " + word);
		assertThat(browser.findElements(By.cssSelector("ol.audit > li"))).hasSize(2); // created,
																						// then
																						// changed
		screenshot("audit");
	}

}

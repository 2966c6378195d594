package io.bodega.console;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

class StockTests extends BrowserTest {

	@Test
	void findsASkuSetsItsCountWithAReasonAndShowsTheLedger() {
		String sku = newProductSku(adminToken(), "Candle", 800);
		placeGuestOrder(sku, 2, "stock-" + uniqueWord() + "@example.com");

		openSignedIn("#/stock");
		field("SKU starts with").sendKeys(sku);
		button("Find").click();
		link(sku).click();
		heading("Stock of " + sku);
		assertThat(waitFor(By.cssSelector("[data-field=onHand]")).getText()).isEqualTo("10");
		assertThat(browser.findElement(By.cssSelector("[data-field=reserved]")).getText()).isEqualTo("2");
		assertThat(browser.findElement(By.cssSelector("[data-field=available]")).getText()).isEqualTo("8");

		field("Counted on hand").sendKeys("25");
		field("Reason").sendKeys("delivery from supplier");
		button("Set on hand").click();
		waitForText(sku + " now has 25 on hand.");
		assertThat(browser.findElement(By.cssSelector("[data-field=available]")).getText()).isEqualTo("23");
		assertThat(browser.findElement(By.cssSelector("table")).getText()).contains("delivery from supplier")
			.contains("+15");
		screenshot("stock");

		assertThat(
				http().get("/api/v1/admin/inventory/" + sku).bearer(adminToken()).send().json().path("onHand").asInt())
			.isEqualTo(25);
	}

	@Test
	void aCountBelowWhatIsReservedIsRefusedWithTheServersMessage() {
		String sku = newProductSku(adminToken(), "Soap", 500);
		placeGuestOrder(sku, 3, "short-" + uniqueWord() + "@example.com");

		openSignedIn("#/stock/" + sku);
		heading("Stock of " + sku);
		field("Counted on hand").sendKeys("1");
		button("Set on hand").click();
		assertThat(alert().getText()).isNotBlank();
		assertThat(
				http().get("/api/v1/admin/inventory/" + sku).bearer(adminToken()).send().json().path("onHand").asInt())
			.isEqualTo(10);
	}

}

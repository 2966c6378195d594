package io.bodega.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class HomeTests extends BrowserTest {

	private int figure(String name) {
		return Integer.parseInt(waitFor(By.cssSelector("[data-figure=" + name + "]")).getText());
	}

	@Test
	void showsTodayAndUpdatesLiveWhenAnOrderArrives() {
		String sku = newProductSku(adminToken(), "Teapot", 3000);
		http().put("/api/v1/admin/inventory/" + sku).bearer(adminToken()).json(Map.of("onHand", 1)).send();

		recordRepeatingTimers();
		openSignedIn("");
		heading("Today");
		int awaiting = figure("awaiting-payment");
		int toShip = figure("to-ship");
		int today = figure("today-orders");
		// Up to ten SKUs with fewer than 5 available, fewest first (the suite's other
		// SKUs may crowd this one out).
		List<Integer> lowStock = browser.findElements(By.xpath("//section[h2='Low stock']//tbody/tr/td[1]"))
			.stream()
			.map(e -> Integer.parseInt(e.getText()))
			.toList();
		assertThat(lowStock).isNotEmpty().hasSizeLessThanOrEqualTo(10).isSorted().allMatch(available -> available < 5);
		assertThat(browser.findElements(By.cssSelector("table.week tbody tr"))).hasSize(7);
		waitFor(By.cssSelector(".live-note[data-live=on]"));
		screenshot("home");

		JsonNode order = placeGuestOrder(sku, 1, "home-" + uniqueWord() + "@example.com");
		new WebDriverWait(browser, WAIT).until(d -> figure("awaiting-payment") >= awaiting + 1);

		payWithTestCard(order);
		new WebDriverWait(browser, WAIT)
			.until(d -> figure("to-ship") >= toShip + 1 && figure("today-orders") >= today + 1);
		assertThat(repeatingTimers()).as("updated live, not by polling")
			.isNotEmpty()
			.allMatch(period -> period >= 60_000);

		waitForClickable(By.cssSelector("a.card[href='#/orders?status=paid']")).click();
		heading("Orders");
		assertThat(field("Status").getDomProperty("value")).isEqualTo("paid");
	}

	/** When the page fetched the admin summary, in milliseconds since it loaded. */
	@SuppressWarnings("unchecked")
	private List<Double> summaryFetches() {
		return ((List<Number>) script("""
				return performance.getEntriesByType('resource')
				  .filter((e) => e.name.includes('/api/v1/admin/summary')).map((e) => e.startTime);""")).stream()
			.map(Number::doubleValue)
			.toList();
	}

	@Test
	void refreshesTheSummaryAtMostEveryTenSecondsWhileStockKeepsChanging() {
		String admin = adminToken();
		String sku = newProductSku(admin, "Busy", 3000);
		openSignedIn("");
		heading("Today");
		waitFor(By.cssSelector(".live-note[data-live=on]"));
		int before = summaryFetches().size();
		// stock changes all the time, as in a busy shop, until the home has refreshed
		// three times for them
		int[] onHand = { 100 };
		await().atMost(40, TimeUnit.SECONDS).pollInterval(Duration.ofMillis(200)).until(() -> {
			http().put("/api/v1/admin/inventory/" + sku).bearer(admin).json(Map.of("onHand", onHand[0]++)).send();
			return summaryFetches().size() >= before + 3;
		});
		List<Double> live = summaryFetches().subList(before, before + 3);
		for (int i = 1; i < live.size(); i++) {
			assertThat(live.get(i) - live.get(i - 1)).as("time between two refreshes, ms").isGreaterThan(9_500);
		}
	}

}

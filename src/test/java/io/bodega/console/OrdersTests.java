package io.bodega.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.WebDriverWait;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import org.openqa.selenium.support.ui.Select;

class OrdersTests extends BrowserTest {

	private JsonNode paidOrder(String sku, String email) {
		JsonNode order = placeGuestOrder(sku, 1, email);
		payWithTestCard(order);
		return order;
	}

	private String status(String id) {
		return http().get("/api/v1/admin/orders/" + id).bearer(adminToken()).send().json().path("status").asString();
	}

	@Test
	void aNewOrderAppearsInTheListWithoutAReload() {
		String sku = newProductSku(adminToken(), "Kettle", 2500);
		String email = "arrives-" + uniqueWord() + "@example.com";
		recordRepeatingTimers();
		openSignedIn("#/orders?q=" + email);
		heading("Orders");
		waitForText("No orders match.");
		waitFor(By.cssSelector(".live-note[data-live=on]"));

		JsonNode order = placeGuestOrder(sku, 1, email);

		link(order.path("number").asString());
		assertThat(browser.findElement(By.cssSelector("table.orders tbody")).getText()).contains(email)
			.contains("pending payment");
		screenshot("orders");

		// Paying it moves it on the list too, and the page never polled for it (it asked
		// every 10 seconds before).
		payWithTestCard(order);
		new WebDriverWait(browser, WAIT)
			.until(d -> !d.findElement(By.cssSelector("table.orders tbody")).getText().contains("pending payment"));
		assertThat(browser.findElement(By.cssSelector("table.orders tbody")).getText()).contains("paid");
		assertThat(repeatingTimers()).as("no timer repeats more often than the idle check, once a minute")
			.isNotEmpty()
			.allMatch(period -> period >= 60_000);
	}

	@Test
	void filtersByStatusAndFindsAnOrderByItsNumber() {
		String sku = newProductSku(adminToken(), "Kettle", 2500);
		String email = "filter-" + uniqueWord() + "@example.com";
		JsonNode paid = paidOrder(sku, email);
		JsonNode unpaid = placeGuestOrder(sku, 1, email);

		openSignedIn("#/orders");
		field("Order number or e-mail").sendKeys(email);
		new Select(field("Status")).selectByVisibleText("paid");
		button("Find").click();
		link(paid.path("number").asString());
		assertThat(browser.findElements(By.cssSelector("table.orders tbody tr"))).hasSize(1); // not
																								// the
																								// unpaid
																								// one

		field("Order number or e-mail").clear();
		field("Order number or e-mail").sendKeys(unpaid.path("number").asString());
		new Select(field("Status")).selectByVisibleText("Any");
		button("Find").click();
		link(unpaid.path("number").asString()).click();
		heading("Order " + unpaid.path("number").asString());
	}

	@Test
	void shipsAnOrderWithTrackingDeliversItAndKeepsNotesInItsTimeline() {
		String sku = newProductSku(adminToken(), "Kettle", 2500);
		JsonNode order = paidOrder(sku, "ships-" + uniqueWord() + "@example.com");
		String id = order.path("id").asString();
		String number = order.path("number").asString();

		openSignedIn("#/orders/" + id);
		heading("Order " + number);
		waitForText("Paid");

		button("Ship…").click();
		field("Carrier").sendKeys("DHL");
		field("Tracking number").sendKeys("JD014600003828");
		button("Ship").click();
		waitForText("Order " + number + " is shipped.");
		waitForText("Shipped with DHL, tracking number JD014600003828");
		waitForText("by " + ADMIN_EMAIL + " (staff)");
		assertThat(status(id)).isEqualTo("shipped");

		field("Add a note for staff").sendKeys("Customer asked to leave it with the neighbour.");
		button("Add note").click();
		waitForText("Note added.");
		waitForText("Customer asked to leave it with the neighbour.");
		screenshot("order");

		button("Mark delivered…").click();
		button("Mark delivered").click();
		waitForText("Order " + number + " is delivered.");
		assertThat(status(id)).isEqualTo("delivered");
		List<String> timeline = browser.findElements(By.cssSelector("ol.timeline li strong"))
			.stream()
			.map(e -> e.getText())
			.toList();
		assertThat(timeline).containsExactly("Placed", "Paid", "Shipped with DHL, tracking number JD014600003828",
				"Note", "Delivered");
	}

	@Test
	void refundsAnOrderAfterConfirmingAndCancellingTheDialogChangesNothing() {
		String sku = newProductSku(adminToken(), "Kettle", 2500);
		JsonNode order = paidOrder(sku, "refund-" + uniqueWord() + "@example.com");
		String id = order.path("id").asString();

		openSignedIn("#/orders/" + id);
		heading("Order " + order.path("number").asString());
		button("Refund…").click();
		button("Cancel").click();
		assertThat(status(id)).isEqualTo("paid");

		button("Refund…").click();
		button("Refund").click();
		waitForText("is refunded.");
		assertThat(status(id)).isEqualTo("refunded");
		// The payment's refund: the provider is asked after the order's refund commits,
		// by an event listener that may
		// finish after the page reloaded the order, so the page shows it once reloaded
		// after that (a test that read
		// the page once failed in a loaded CI run).
		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			browser.navigate().refresh();
			assertThat(waitFor(By.cssSelector("ul.payments")).getText()).contains("Refunded");
		});
	}

	@Test
	void anActionTheServerRefusesShowsItsMessage() {
		String sku = newProductSku(adminToken(), "Kettle", 2500);
		JsonNode order = paidOrder(sku, "refused-" + uniqueWord() + "@example.com");
		String id = order.path("id").asString();

		openSignedIn("#/orders/" + id);
		heading("Order " + order.path("number").asString());
		// Meanwhile another admin ships it: cancelling is no longer allowed.
		assertThat(http().post("/api/v1/admin/orders/" + id + "/ship")
			.bearer(adminToken())
			.json(Map.of("carrier", "UPS", "trackingNumber", "1Z999"))
			.send()
			.status()).isEqualTo(200);

		button("Cancel order…").click();
		button("Cancel order").click();
		assertThat(alert().getText()).containsIgnoringCase("shipped");
		assertThat(status(id)).isEqualTo("shipped");
	}

}

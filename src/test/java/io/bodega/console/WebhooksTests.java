package io.bodega.console;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.bodega.webhooks.Receiver;
import io.bodega.webhooks.Receiver.Answer;
import io.bodega.webhooks.Receiver.Received;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook endpoints as staff add, test, switch, rotate, replay and delete them, with a
 * real receiver on loopback.
 */
class WebhooksTests extends BrowserTest {

	private Receiver receiver;

	@BeforeEach
	void startReceiver() {
		receiver = Receiver.start();
		receiver.answer(request -> new Answer(200, Map.of("Content-Type", "text/plain"), "received by the test"));
	}

	/**
	 * An endpoint left behind would go on receiving (and failing) every later test's
	 * events.
	 */
	@AfterEach
	void stopReceiverAndItsEndpoints() {
		receiver.close();
		jdbc.sql("delete from webhook_endpoints where url = ?").param(receiver.url()).update();
	}

	@Test
	void addsAnEndpointShowsItsSecretOnceAndFollowsATestEventAndAReplayToTheReceiver() throws Exception {
		String url = receiver.url();
		openSignedIn("#/webhooks");
		String secret = addEndpointAndKeepItsSecret(url);
		WebElement row = waitFor(By.xpath("//tr[.//a[normalize-space()=" + literal(url) + "]]"));
		assertThat(row.getText()).contains("Test ERP", "enabled", "order.paid, order.refunded");

		link(url).click();
		heading(url);
		button("Send test event").click();
		waitForText("The test event: delivered, HTTP 200 in");
		Received test = receiver.await(1).getFirst();
		assertThat(signatures(test)).contains(sign(secret, test));
		String webhookId = test.header("webhook-id");
		WebElement delivery = waitFor(By.cssSelector("li.delivery[data-webhook-id='" + webhookId + "']"));
		assertThat(delivery.getText()).contains("webhook.test", "succeeded", "HTTP 200", "received by the test");

		button("Disable").click();
		waitForText("disabled by staff");
		assertThat(endpoint(url).path("enabled").asBoolean()).isFalse();
		button("Enable").click();
		waitFor(By.xpath("//dd[@data-field='state'][normalize-space()='enabled']"));
		assertThat(endpoint(url).path("enabled").asBoolean()).isTrue();

		String rotated = rotateTheSecretTwice(secret);

		button("Replay " + webhookId).click();
		button("Replay").click();
		waitForText("The replay of webhook.test: delivered, HTTP 200 in");
		Received replayed = receiver.await(2).get(1);
		assertThat(replayed.header("webhook-id")).isEqualTo(webhookId);
		assertThat(signatures(replayed)).contains(sign(rotated, replayed), sign(secret, replayed));
		new WebDriverWait(browser, WAIT)
			.until(d -> d.findElement(By.cssSelector("li.delivery[data-webhook-id='" + webhookId + "']"))
				.findElements(By.cssSelector("table.attempts tbody tr"))
				.size() == 2);
		screenshot("webhooks");
		lookOnAPhone();

		button("Delete…").click();
		button("Delete endpoint").click();
		heading("Webhooks");
		waitForText("Endpoint " + url + " deleted.");
		assertThat(browser.findElements(By.xpath("//a[normalize-space()=" + literal(url) + "]"))).isEmpty();
		assertThat(
				jdbc.sql("select count(*) from webhook_endpoints where url = ?").param(url).query(Long.class).single())
			.isZero();
	}

	@Test
	void onAPhoneAnEndpointWithoutEventTypesOrAtAnInternalAddressIsRefusedNamingTheField() throws Exception {
		Browser.size(390, 844);
		openSignedIn("#/webhooks");
		heading("Webhooks");
		field("URL").sendKeys(receiver.url());
		button("Add endpoint").click();
		assertThat(alert().getText()).contains("eventTypes");

		field("URL").clear();
		field("URL").sendKeys("http://10.1.2.3/hooks");
		field("stock.changed").click();
		button("Add endpoint").click();
		waitFor(By.xpath("//*[@role='alert'][.//code[normalize-space()='url']]"));
		assertThat(browser.getPageSource()).doesNotContain("whsec_");
		assertThat(sidewaysOverflow()).as("pixels the page is wider than the phone").isLessThanOrEqualTo(0);
		picture("phone-webhooks-refused");
		assertThat(jdbc.sql("select count(*) from webhook_endpoints where url like 'http://10.1.2.3%'")
			.query(Long.class)
			.single()).isZero();
	}

	/**
	 * Adds an endpoint at the URL through the form; its secret is shown once, copied and
	 * hidden. Answers the secret.
	 */
	private String addEndpointAndKeepItsSecret(String url) throws Exception {
		heading("Webhooks");
		field("URL").sendKeys(url);
		field("Description").sendKeys("Test ERP");
		field("order.paid").click();
		field("order.refunded").click();
		button("Add endpoint").click();

		waitForText("Copy it now: you will not see it again.");
		String secret = field("Signing secret").getDomProperty("value");
		assertThat(secret).startsWith("whsec_");
		assertThat(script("return document.activeElement.id")).as("focus, for the keyboard").isEqualTo("secret-value");
		picture("webhooks-new-secret");
		grantClipboard();
		button("Copy secret").click();
		waitForText("The secret is copied to the clipboard.");
		assertThat(browser.executeAsyncScript("navigator.clipboard.readText().then(arguments[0])")).isEqualTo(secret);
		button("I have kept the secret").click();
		waitForText("The secret is hidden for good.");
		assertThat(browser.getPageSource()).doesNotContain(secret);
		return secret;
	}

	/**
	 * Rotates the secret (the new one shown once), then tries again within the overlap:
	 * refused. Answers the new one.
	 */
	private String rotateTheSecretTwice(String secret) {
		button("Rotate secret…").click();
		button("Rotate secret").click();
		waitForText("The new signing secret");
		String rotated = field("Signing secret").getDomProperty("value");
		assertThat(rotated).startsWith("whsec_").isNotEqualTo(secret);
		button("I have kept the secret").click();
		waitFor(By.cssSelector("[data-field=previousSecret]"));
		assertThat(browser.getPageSource()).doesNotContain(rotated);
		button("Rotate secret…").click();
		button("Rotate secret").click();
		assertThat(alert().getText()).startsWith("The secret cannot be rotated again yet.").contains("24 hours");
		return rotated;
	}

	private JsonNode endpoint(String url) {
		for (var endpoint : http().get("/api/v1/admin/webhooks?limit=100")
			.bearer(adminToken())
			.send()
			.json()
			.path("items")) {
			if (endpoint.path("url").asString().equals(url)) {
				return endpoint;
			}
		}
		throw new AssertionError("no endpoint at " + url);
	}

	/**
	 * Lets the page write to and read from the clipboard, as a person's browser would
	 * when they click Copy.
	 */
	private void grantClipboard() {
		browser.executeCdpCommand("Browser.grantPermissions", Map.of("origin", "http://localhost:" + port,
				"permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
	}

	private static List<String> signatures(Received message) {
		return List.of(message.header("webhook-signature").split(" "));
	}

	/** The Standard Webhooks signature a receiver computes with this secret. */
	private static String sign(String secret, Received message) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
		String signed = message.header("webhook-id") + "." + message.header("webhook-timestamp") + "." + message.text();
		return "v1," + Base64.getEncoder().encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
	}

	/** The same page at a phone's width: nothing scrolls sideways. */
	private void lookOnAPhone() throws Exception {
		Browser.size(390, 844);
		try {
			WebElement deliveries = heading("Deliveries");
			assertThat(sidewaysOverflow()).as("pixels the page is wider than the phone").isLessThanOrEqualTo(0);
			script("window.scrollTo(0, 0)");
			picture("phone-webhook");
			script("arguments[0].scrollIntoView()", deliveries);
			picture("phone-webhook-deliveries");
		}
		finally {
			Browser.size(1280, 900);
		}
	}

	/** How far the page scrolls sideways, the width of a vertical scroll bar included. */
	private long sidewaysOverflow() {
		return (Long) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
	}

	/**
	 * With {@code -Dbodega.screenshots=true}, a picture for a person to look at, in
	 * target/screenshots/.
	 */
	private void picture(String name) throws Exception {
		if (Boolean.getBoolean("bodega.screenshots")) {
			Path folder = Files.createDirectories(Path.of("target", "screenshots"));
			Files.write(folder.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
		}
	}

}

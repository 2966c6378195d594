package io.bodega.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LayoutTests extends BrowserTest {

	/**
	 * The budget for the console's first load: its JavaScript and CSS, as the
	 * server sends them.
	 */
	static final int FIRST_LOAD_BUDGET = 150 * 1024;

	@Test
	void theFirstLoadOfScriptsAndStylesStaysUnderItsBudgetGzipped() throws Exception {
		openSignedIn("");
		heading("Today");
		@SuppressWarnings("unchecked")
		List<String> loaded = (List<String>) script(
				"return performance.getEntriesByType('resource').map(e => e.name).filter(n => /\\.(js|css)$/.test(n))");
		assertThat(loaded).anyMatch(n -> n.endsWith("/admin/app.js")).anyMatch(n -> n.contains("/_static/lit-html/"));

		long total = 0;
		try (HttpClient client = HttpClient.newHttpClient()) {
			for (String url : loaded) {
				HttpResponse<byte[]> answer = client.send(
						HttpRequest.newBuilder(URI.create(url)).header("Accept-Encoding", "gzip").build(),
						HttpResponse.BodyHandlers.ofByteArray());
				assertThat(answer.statusCode()).as(url).isEqualTo(200);
				if (answer.body().length > 1024) {
					assertThat(answer.headers().firstValue("Content-Encoding")).as(url).hasValue("gzip");
				}
				total += answer.body().length;
			}
		}
		assertThat(total).as("bytes of JS and CSS on the first load, gzipped").isLessThanOrEqualTo(FIRST_LOAD_BUDGET);
	}

	@Test
	void onAPhoneTheNavigationFoldsBehindAMenuButtonAndNothingScrollsSideways() {
		Browser.size(390, 844);
		openSignedIn("#/orders");
		heading("Orders");
		assertThat(browser.findElement(By.id("main-nav")).isDisplayed()).isFalse();
		button("Menu").click();
		link("Products").click();
		heading("Products");
		assertThat(browser.findElement(By.id("main-nav")).isDisplayed()).isFalse();
		long overflow = (Long) script("return document.documentElement.scrollWidth - window.innerWidth");
		assertThat(overflow).as("pixels the page is wider than the phone").isLessThanOrEqualTo(0);
		screenshot("phone-products");
	}

	@Test
	void theSignInAndInvitationCardsAreCentredOnADesktopAndOnAPhone() {
		record Page(String name, String hash, String heading) {
		}
		List<Page> pages = List.of(new Page("sign-in", "", "Sign in to Bodega admin"),
				new Page("accept-invite", "#/accept-invite?token=not-a-real-one", "Join the shop's staff"));
		for (int width : new int[] { 1366, 390 }) {
			Browser.size(width, width > 700 ? 768 : 844);
			for (Page page : pages) {
				open(page.hash());
				heading(page.heading());
				keepPicture(page.name() + "-" + width);
				@SuppressWarnings("unchecked")
				Map<String, Number> card = (Map<String, Number>) script("""
						const card = document.querySelector('main.sign-in').getBoundingClientRect();
						return {left: card.left, right: card.right, viewport: document.documentElement.clientWidth,
						  page: document.documentElement.scrollWidth};""");
				double viewport = card.get("viewport").doubleValue();
				double left = card.get("left").doubleValue();
				double right = card.get("right").doubleValue();
				String where = page.name() + " at " + width + " px";
				assertThat((left + right) / 2).as("the card's centre on the %s", where)
					.isCloseTo(viewport / 2, within(3.0));
				assertThat(right - left).as("the card's width on the %s", where).isGreaterThanOrEqualTo(320);
				assertThat(card.get("page").doubleValue()).as("the page's width on the %s", where)
					.isLessThanOrEqualTo(viewport);
			}
		}
	}

	@Test
	void theLibrariesAreCachedForAYearAndTheConsolesOwnFilesAreRevalidated() {
		var library = http().get("/_static/lit-html/3.3.3/lit-html.js").send();
		assertThat(library.status()).isEqualTo(200);
		assertThat(library.header("Cache-Control"))
			.hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000").contains("immutable"));
		var own = http().get("/admin/app.js").send();
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
	}

}

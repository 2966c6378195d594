package io.bodega.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import static org.assertj.core.api.Assertions.assertThat;

class LayoutTests extends BrowserTest {

	/** The budget for the console's first load: its JavaScript and CSS, as the server sends them. */
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
				HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(URI.create(url))
					.header("Accept-Encoding", "gzip")
					.build(), HttpResponse.BodyHandlers.ofByteArray());
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
	void theLibrariesAreCachedForAYearAndTheConsolesOwnFilesAreRevalidated() {
		var library = http().get("/_static/lit-html/3.3.3/lit-html.js").send();
		assertThat(library.status()).isEqualTo(200);
		assertThat(library.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("max-age=31536000").contains("immutable"));
		var own = http().get("/admin/app.js").send();
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.header("Cache-Control")).hasValueSatisfying(v -> assertThat(v).contains("no-cache"));
	}
}

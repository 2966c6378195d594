package io.bodega.shared.web.pages;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WelcomePageTests extends ApiTest {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@Test
	void aBrowserAtTheRootGetsAPageThatLinksTheConsoleAndTheApiDocument() {
		Http.Response page = http().get("/").header("Accept", BROWSER_ACCEPT).send();

		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
		assertThat(page.text()).contains("href=\"/admin/\"", "href=\"/v3/api-docs\"", "href=\"/docs\"")
			.doesNotContain("<script", "<style", "style=");
		assertThat(page.header("Content-Security-Policy"))
			.hasValueSatisfying(policy -> assertThat(policy).contains("default-src 'none'", "frame-ancestors 'none'")
				.doesNotContain("unsafe-inline"));
		assertThat(varies(page)).as("Vary").contains("Accept");
	}

	@Test
	void anApiClientAtTheRootStillGetsTheNotFoundProblem() {
		for (String accept : new String[] { null, "application/json", "*/*", "application/problem+json",
				"text/html;q=0" }) {
			Http.Request request = http().get("/");
			if (accept != null) {
				request.header("Accept", accept);
			}
			Http.Response answer = request.send();

			assertThat(answer.status()).as(String.valueOf(accept)).isEqualTo(404);
			assertThat(answer.header("Content-Type").orElseThrow()).startsWith("application/problem+json");
			assertThat(answer.code()).isEqualTo("not_found");
			assertThat(answer.json().path("instance").asString()).isEqualTo("/");
			assertThat(varies(answer)).as("Vary").contains("Accept");
		}
	}

	/** Every value of the answer's Vary headers. */
	private static String varies(Http.Response answer) {
		return answer.headers()
			.entrySet()
			.stream()
			.filter(header -> header.getKey().equalsIgnoreCase("Vary"))
			.flatMap(header -> header.getValue().stream())
			.toList()
			.toString();
	}

}

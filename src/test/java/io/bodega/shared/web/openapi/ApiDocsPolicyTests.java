package io.bodega.shared.web.openapi;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Swagger UI and the API document carry a Content-Security-Policy (SwaggerUiTests: it
 * still works in Chromium).
 */
class ApiDocsPolicyTests extends ApiTest {

	private static final String POLICY = "Content-Security-Policy";

	@Test
	void swaggerUiIsServedUnderAPolicyWithoutInlineOrEvaluatedScripts() {
		for (String path : List.of("/docs", "/%64ocs", "/swagger-ui/index.html", "/swagger-ui/swagger-initializer.js",
				"/swagger-ui/swagger-ui-bundle.js", "/swagger-ui/swagger-ui.css")) {
			Http.Response answer = http().get(path).send();
			assertThat(answer.status()).as(path).isIn(200, 302);
			assertThat(answer.header(POLICY)).as(path).hasValue(ApiDocsPolicy.SWAGGER_UI);
		}
		Matcher scripts = Pattern.compile("script-src ([^;]*);").matcher(ApiDocsPolicy.SWAGGER_UI);
		assertThat(scripts.find()).isTrue();
		assertThat(scripts.group(1)).isEqualTo("'self'");
		assertThat(ApiDocsPolicy.SWAGGER_UI).startsWith("default-src 'none';")
			.contains("frame-ancestors 'none'")
			.contains("base-uri 'none'")
			.contains("img-src 'self' data:;");

		// 'self' is enough only while the page has no inline script: every script element
		// names its file.
		String page = http().get("/swagger-ui/index.html").send().text();
		assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(page).find()).as(page).isFalse();
	}

	@Test
	void theApiDocumentIsServedUnderAPolicyThatLoadsNothing() {
		for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/swagger-config")) {
			Http.Response answer = http().get(path).send();
			assertThat(answer.status()).as(path).isEqualTo(200);
			assertThat(answer.header(POLICY)).as(path).hasValue(ApiDocsPolicy.DOCUMENT);
		}
		assertThat(ApiDocsPolicy.DOCUMENT).startsWith("default-src 'none';");
	}

}

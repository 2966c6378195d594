package io.bodega.shared.web.openapi;

import io.bodega.shared.web.ContentSecurityPolicy;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Content-Security-Policies for the API document and its browsable form, which springdoc
 * serves without one. Swagger UI ({@code /docs}, its files under {@code /swagger-ui/})
 * loads its scripts as files from this server, with no inline script, so scripts come
 * from {@code 'self'} only; its React components set {@code style} attributes, which need
 * {@code 'unsafe-inline'} for styles (styles only); its icons are {@code data:} images;
 * Try it out calls this server (the document's server is {@code /}). The document itself
 * ({@code /v3/api-docs}, its YAML form and {@code swagger-config} beside it) is data and
 * may load nothing. ApiDocsPolicyTests checks the headers, SwaggerUiTests that Swagger UI
 * still works in Chromium under them.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsPolicy {

	static final String SWAGGER_UI = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
			+ "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; form-action 'self'; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	static final String DOCUMENT = "default-src 'none'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> swaggerUiPolicy() {
		return ContentSecurityPolicy.onPaths("swaggerUiPolicy", SWAGGER_UI, "/docs", "/docs/*", "/swagger-ui/*");
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> apiDocumentPolicy() {
		return ContentSecurityPolicy.onPaths("apiDocumentPolicy", DOCUMENT, "/v3/api-docs", "/v3/api-docs.yaml",
				"/v3/api-docs/*");
	}

}

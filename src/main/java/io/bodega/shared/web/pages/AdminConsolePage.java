package io.bodega.shared.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.bodega.shared.Hashes;
import io.bodega.shared.web.Access;
import io.bodega.shared.web.ContentSecurityPolicy;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The admin console's page: {@code /admin/} answers {@code static/admin/index.html}, the
 * one HTML document of the console (its screens are routes after the {@code #}), and
 * everything under {@code /admin/} carries a strict Content-Security-Policy. Scripts may
 * come only from this server; the one inline script, the import map that tells the
 * browser where the Lit modules are, is allowed by its SHA-256 hash, computed here from
 * the page itself so the two cannot drift. Browsers load import maps only inline, so a
 * hash (not {@code 'unsafe-inline'}) is the strict way. Trusted Types are required too:
 * no string reaches an HTML sink unless Lit's own policy made it.
 */
@Configuration(proxyBeanMethods = false)
@RestController
@Access(Access.Level.PUBLIC)
class AdminConsolePage implements WebMvcConfigurer {

	private static final Pattern IMPORT_MAP = Pattern.compile("<script type=\"importmap\">(.*?)</script>",
			Pattern.DOTALL);

	private final byte[] page;

	private final String policy;

	AdminConsolePage() {
		try (InputStream in = new ClassPathResource("static/admin/index.html").getInputStream()) {
			this.page = in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException("The admin console's index.html is missing from the jar", e);
		}
		this.policy = policy(new String(this.page, StandardCharsets.UTF_8));
	}

	/** The policy for a page whose only inline script is its import map. */
	static String policy(String html) {
		Matcher importMap = IMPORT_MAP.matcher(html);
		if (!importMap.find()) {
			throw new IllegalStateException("The admin console's index.html has no import map");
		}
		return "default-src 'none'; script-src 'self' 'sha256-"
				+ Base64.getEncoder().encodeToString(Hashes.sha256(importMap.group(1))) + "'; "
				+ "style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; "
				+ "manifest-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
				+ "require-trusted-types-for 'script'";
	}

	@GetMapping("/admin")
	ResponseEntity<Void> withSlash() {
		return ResponseEntity.status(302).header(HttpHeaders.LOCATION, "/admin/").build();
	}

	@GetMapping({ "/admin/", "/admin/index.html" })
	ResponseEntity<byte[]> page() {
		return ResponseEntity.ok()
			.header(ContentSecurityPolicy.HEADER, this.policy)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(this.page);
	}

	/**
	 * The libraries' files (the mvnpm jars' {@code /_static/<package>/<version>/...})
	 * never change under their versioned path, so browsers keep them for a year; the
	 * console's own files may be kept but are revalidated on every load (a 304 when
	 * unchanged), so a new version of Bodega is seen at once.
	 */
	@Override
	public void addResourceHandlers(ResourceHandlerRegistry registry) {
		registry.addResourceHandler("/_static/**")
			.addResourceLocations("classpath:/META-INF/resources/_static/")
			.setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
		registry.addResourceHandler("/admin/**")
			.addResourceLocations("classpath:/static/admin/")
			.setCacheControl(CacheControl.noCache());
	}

	@Bean
	FilterRegistrationBean<OncePerRequestFilter> adminConsolePolicy() {
		return ContentSecurityPolicy.onPaths("adminConsolePolicy", policy, "/admin", "/admin/*");
	}

}

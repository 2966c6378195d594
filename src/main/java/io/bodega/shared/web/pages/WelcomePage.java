package io.bodega.shared.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.Access;

import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * {@code GET /}: a person who opens the server's address in a browser finds a small page
 * that links the admin console and the API document instead of a JSON 404. Only a request
 * that names {@code text/html} in its {@code Accept} (as browsers do) gets it; API
 * clients ({@code application/json}, {@code *}{@code /*}, none) get the same
 * {@code not_found} problem as any unknown path. Outside {@code /api}, so not in the
 * OpenAPI document. The page has no script or style at all, so its policy allows nothing
 * to run.
 */
@RestController
@Access(Access.Level.PUBLIC)
class WelcomePage {

	private static final String POLICY = "default-src 'none'; img-src 'self'; form-action 'none'; "
			+ "frame-ancestors 'none'; base-uri 'none'";

	private final byte[] page;

	WelcomePage() {
		try (InputStream in = new ClassPathResource("welcome/index.html").getInputStream()) {
			this.page = in.readAllBytes();
		}
		catch (IOException e) {
			throw new UncheckedIOException("The welcome page is missing from the jar", e);
		}
	}

	@GetMapping("/")
	ResponseEntity<byte[]> page(HttpServletRequest request, HttpServletResponse response)
			throws NoResourceFoundException {
		// The answer depends on Accept, so a cache must not give the page to an API
		// client or the reverse.
		response.addHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT);
		if (!wantsHtml(request)) {
			throw new NoResourceFoundException(HttpMethod.GET, "/", "/");
		}
		return ResponseEntity.ok()
			.header("Content-Security-Policy", POLICY)
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(this.page);
	}

	/**
	 * Whether the client names {@code text/html} itself (a wildcard is not enough) with a
	 * quality above 0.
	 */
	static boolean wantsHtml(HttpServletRequest request) {
		List<String> accept = Collections.list(request.getHeaders(HttpHeaders.ACCEPT));
		try {
			return MediaType.parseMediaTypes(accept)
				.stream()
				.anyMatch(type -> type.getQualityValue() > 0 && type.getType().equals("text")
						&& type.getSubtype().equals("html"));
		}
		catch (InvalidMediaTypeException e) {
			return false;
		}
	}

}

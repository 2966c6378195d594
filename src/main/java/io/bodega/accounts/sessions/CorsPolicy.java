package io.bodega.accounts.sessions;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.Idempotency;
import io.bodega.shared.web.problems.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.CorsUtils;
import org.springframework.web.cors.DefaultCorsProcessor;
import org.springframework.web.filter.CorsFilter;

/**
 * CORS for the configured frontends ({@code BODEGA_CORS_ORIGINS}), the storefronts: they
 * may call the customer API with the shopper's session cookie. The staff routes
 * ({@code /api/v1/admin/**}) are not theirs: a storefront's page (or a script injected
 * into it) must not act with a signed-in administrator's cookie, so those routes grant no
 * cross-origin browser access at all; the console is served from Bodega's own origin and
 * needs none. A staff call that carries a Bearer token (not a preflight) is left to the
 * token: a browser cannot send one cross-origin without the preflight that is refused
 * here, and it gets no CORS headers, so no page can read the answer. A refused
 * cross-origin request gets a problem answer like any other.
 */
public final class CorsPolicy {

	/** The staff routes, matched as the authorization rules match them. */
	static final RequestMatcher STAFF_ROUTES = PathPatternRequestMatcher.pathPattern("/api/v1/admin/**");

	private CorsPolicy() {
	}

	public static CorsFilter filter(List<String> origins, Problems problems) {
		CorsFilter filter = new CorsFilter(source(origins));
		filter.setCorsProcessor(new DefaultCorsProcessor() {
			@Override
			public boolean processRequest(CorsConfiguration config, HttpServletRequest request,
					HttpServletResponse response) throws IOException {
				boolean valid = super.processRequest(config, request, response);
				if (!valid) {
					problems.write(request, response,
							Problems.of(HttpStatus.FORBIDDEN, "forbidden", STAFF_ROUTES.matches(request)
									? "Cross-origin request refused: staff routes (/api/v1/admin/**) take browser "
											+ "requests only from Bodega's own origin (the admin console)"
									: "Cross-origin request from an origin that is not allowed"));
				}
				return valid;
			}

			@Override
			protected void rejectRequest(ServerHttpResponse response) {
				// answered as a problem in processRequest
			}
		});
		return filter;
	}

	private static CorsConfigurationSource source(List<String> origins) {
		if (origins.isEmpty()) {
			return request -> null;
		}
		CorsConfiguration storefronts = storefronts(origins);
		// No allowed origins: every cross-origin request is refused, a same-origin one is
		// no CORS request at all.
		CorsConfiguration staff = new CorsConfiguration();
		return request -> {
			if (!STAFF_ROUTES.matches(request)) {
				return storefronts;
			}
			return bearer(request) && !CorsUtils.isPreFlightRequest(request) ? null : staff;
		};
	}

	private static CorsConfiguration storefronts(List<String> origins) {
		CorsConfiguration config = new CorsConfiguration();
		config.setAllowedOrigins(origins);
		config.setAllowedMethods(List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"));
		// Last-Event-ID: a storefront's EventSource resumes a live stream with it.
		// Order-Token: a guest's order token,
		// kept out of URLs; the staff routes never take it, so only the storefronts'
		// configuration allows it.
		config.setAllowedHeaders(List.of(HttpHeaders.AUTHORIZATION, HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
				HttpHeaders.IF_NONE_MATCH, "Idempotency-Key", "X-Request-Id", "Last-Event-ID", "Order-Token"));
		config.setExposedHeaders(List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION, HttpHeaders.RETRY_AFTER,
				"X-Request-Id", Idempotency.REPLAYED));
		config.setAllowCredentials(true);
		config.setMaxAge(3600L);
		return config;
	}

	private static boolean bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
	}

}

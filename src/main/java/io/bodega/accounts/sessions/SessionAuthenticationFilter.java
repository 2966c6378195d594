package io.bodega.accounts.sessions;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.web.problems.Problems;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a session token (Bearer header first, else the session cookie) into the request's
 * {@link CurrentUser}. A state-changing request authenticated by the cookie must also
 * come from an allowed origin (its {@code Origin}, or failing that its {@code Referer}):
 * browsers attach cookies to cross-site requests, so this is the CSRF guard. The allowed
 * origins are Bodega's own and the storefronts' ({@code BODEGA_CORS_ORIGINS}); a change
 * to a staff route ({@code /api/v1/admin/**}) must come from Bodega's own origin, the
 * console's, since a storefront has no business acting with an administrator's cookie.
 * For the same reason an administrator's cookie on a request from any other origin is no
 * session at all, on every route (the account's own routes included): there the browser
 * is anonymous. Bearer tokens are never attached by a browser on its own, so they need no
 * such check.
 */
public class SessionAuthenticationFilter extends OncePerRequestFilter {

	private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

	private static final int MAX_TOKEN_LENGTH = 128;

	private final Sessions sessions;

	private final Problems problems;

	private final List<String> allowedOrigins;

	public SessionAuthenticationFilter(Sessions sessions, Problems problems, List<String> allowedOrigins) {
		this.sessions = sessions;
		this.problems = problems;
		this.allowedOrigins = allowedOrigins;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		boolean viaCookie = false;
		String token = null;
		if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			token = header.substring(7).strip();
		}
		else {
			token = SessionCookie.read(request).orElse(null);
			viaCookie = token != null;
		}
		if (token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH) {
			var user = sessions.authenticate(token);
			if (user.isPresent() && viaCookie && user.get().isAdmin() && fromOtherOrigin(request)) {
				// An administrator's cookie sent by a storefront's script (same site,
				// other origin) is no session
				// there: the page would otherwise read and act on the administrator's own
				// account routes.
				user = Optional.empty();
			}
			if (user.isPresent()) {
				if (viaCookie && !SAFE_METHODS.contains(request.getMethod()) && !fromAllowedOrigin(request)) {
					problems.write(request, response,
							Problems.of(HttpStatus.FORBIDDEN, "forbidden", CorsPolicy.STAFF_ROUTES.matches(request)
									? "Cross-site request refused: a cookie-authenticated change to a staff route "
											+ "must come from Bodega's own origin (the admin console)"
									: "Cross-site request refused: a cookie-authenticated change must come from an "
											+ "allowed Origin"));
					return;
				}
				SecurityContext context = SecurityContextHolder.createEmptyContext();
				context.setAuthentication(authentication(user.get()));
				SecurityContextHolder.setContext(context);
			}
		}
		chain.doFilter(request, response);
	}

	private static UsernamePasswordAuthenticationToken authentication(CurrentUser user) {
		var authorities = user.roles()
			.stream()
			.map(r -> new SimpleGrantedAuthority("ROLE_" + r.toUpperCase()))
			.toList();
		return UsernamePasswordAuthenticationToken.authenticated(user, null, authorities);
	}

	private boolean fromAllowedOrigin(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null) {
			origin = originOf(request.getHeader(HttpHeaders.REFERER));
		}
		if (origin == null || origin.equals("null")) {
			return false;
		}
		if (origin.equalsIgnoreCase(ownOrigin(request))) {
			return true;
		}
		return !CorsPolicy.STAFF_ROUTES.matches(request) && allowedOrigins.stream().anyMatch(origin::equalsIgnoreCase);
	}

	/**
	 * A browser names the calling page's origin on every cross-origin request (and on
	 * same-origin changes).
	 */
	private static boolean fromOtherOrigin(HttpServletRequest request) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		return origin != null && !origin.equalsIgnoreCase(ownOrigin(request));
	}

	private static String ownOrigin(HttpServletRequest request) {
		String scheme = request.getScheme();
		int port = request.getServerPort();
		boolean defaultPort = ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
		return scheme + "://" + request.getServerName() + (defaultPort ? "" : ":" + port);
	}

	private static String originOf(String referer) {
		if (referer == null) {
			return null;
		}
		try {
			URI uri = URI.create(referer);
			if (uri.getScheme() == null || uri.getHost() == null) {
				return null;
			}
			return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

}

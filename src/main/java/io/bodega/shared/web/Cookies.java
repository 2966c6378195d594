package io.bodega.shared.web;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

/**
 * Bodega's cookies (the session's and a guest cart's): HttpOnly, SameSite=Lax, Path=/,
 * and over https Secure with the {@code __Host-} prefix, which a browser accepts only
 * from this very host over https, never from plain http or a sibling subdomain. Over
 * https only the prefixed cookie is read, so a cookie planted by either of those counts
 * for nothing; over plain http (development) the plain name is used.
 */
public final class Cookies {

	/** The session token's cookie (set at sign-in). */
	public static final String SESSION = "bodega_session";

	/**
	 * A guest cart's cookie (set when a guest makes a cart), merged into the customer's
	 * cart at sign-in.
	 */
	public static final String CART = "bodega_cart";

	private static final String HOST_PREFIX = "__Host-";

	private static final int MAX_VALUE_LENGTH = 128;

	private Cookies() {
	}

	/**
	 * The cookie's name for this request: {@code __Host-name} over https, {@code name}
	 * otherwise.
	 */
	public static String name(HttpServletRequest request, String name) {
		return request.isSecure() ? HOST_PREFIX + name : name;
	}

	public static ResponseCookie issue(HttpServletRequest request, String name, String value, Duration maxAge) {
		return base(request, name, value).maxAge(maxAge).build();
	}

	public static ResponseCookie clear(HttpServletRequest request, String name) {
		return base(request, name, "").maxAge(Duration.ZERO).build();
	}

	/**
	 * The cookie's value, as this request may send it; empty when absent, empty or
	 * implausibly long.
	 */
	public static Optional<String> read(HttpServletRequest request, String name) {
		String wanted = name(request, name);
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (wanted.equals(cookie.getName()) && !cookie.getValue().isEmpty()
						&& cookie.getValue().length() <= MAX_VALUE_LENGTH) {
					return Optional.of(cookie.getValue());
				}
			}
		}
		return Optional.empty();
	}

	private static ResponseCookie.ResponseCookieBuilder base(HttpServletRequest request, String name, String value) {
		return ResponseCookie.from(name(request, name), value)
			.httpOnly(true)
			.sameSite("Lax")
			.secure(request.isSecure())
			.path("/");
	}

}

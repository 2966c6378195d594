package io.bodega.accounts.sessions;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.web.Cookies;

import org.springframework.http.ResponseCookie;

/**
 * The browser's copy of a session token; see {@link Cookies} for its flags and its
 * {@code __Host-} prefix.
 */
public final class SessionCookie {

	static final String NAME = Cookies.SESSION;

	private SessionCookie() {
	}

	public static ResponseCookie issue(HttpServletRequest request, String token, Duration maxAge) {
		return Cookies.issue(request, NAME, token, maxAge);
	}

	public static ResponseCookie clear(HttpServletRequest request) {
		return Cookies.clear(request, NAME);
	}

	public static Optional<String> read(HttpServletRequest request) {
		return Cookies.read(request, NAME);
	}

}

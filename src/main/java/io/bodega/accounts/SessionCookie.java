package io.bodega.accounts;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.web.Cookies;

import org.springframework.http.ResponseCookie;

/**
 * The browser's copy of a session token; see {@link Cookies} for its flags and its
 * {@code __Host-} prefix.
 */
final class SessionCookie {

	static final String NAME = Cookies.SESSION;

	private SessionCookie() {
	}

	static ResponseCookie issue(HttpServletRequest request, String token, Duration maxAge) {
		return Cookies.issue(request, NAME, token, maxAge);
	}

	static ResponseCookie clear(HttpServletRequest request) {
		return Cookies.clear(request, NAME);
	}

	static Optional<String> read(HttpServletRequest request) {
		return Cookies.read(request, NAME);
	}

}

package io.bodega.accounts;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.ResponseCookie;

/** The browser's copy of a session token: HttpOnly, SameSite=Lax, Secure whenever the request came over https. */
final class SessionCookie {

	static final String NAME = "bodega_session";

	private SessionCookie() {
	}

	static ResponseCookie issue(HttpServletRequest request, String token, Duration maxAge) {
		return base(request, token).maxAge(maxAge).build();
	}

	static ResponseCookie clear(HttpServletRequest request) {
		return base(request, "").maxAge(Duration.ZERO).build();
	}

	static Optional<String> read(HttpServletRequest request) {
		Cookie[] cookies = request.getCookies();
		if (cookies != null) {
			for (Cookie cookie : cookies) {
				if (NAME.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
					return Optional.of(cookie.getValue());
				}
			}
		}
		return Optional.empty();
	}

	private static ResponseCookie.ResponseCookieBuilder base(HttpServletRequest request, String value) {
		return ResponseCookie.from(NAME, value).httpOnly(true).sameSite("Lax").secure(request.isSecure()).path("/");
	}
}

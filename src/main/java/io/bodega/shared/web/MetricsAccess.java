package io.bodega.shared.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.Hashes;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Who may read {@code /actuator/prometheus}: whoever sends
 * {@code Authorization: Bearer <BODEGA_METRICS_TOKEN>}. Metrics tell an attacker how busy
 * the shop is and what it runs on, so they are closed to everyone while no token is set.
 * A token rather than a second port: the metrics travel the same port, TLS and load
 * balancer as everything else, a scraper needs one setting, and nothing is exposed by
 * routing a port by mistake. Compared in constant time.
 */
public final class MetricsAccess implements AuthorizationManager<RequestAuthorizationContext> {

	static final int MIN_LENGTH = 24;

	private final byte[] expected;

	public MetricsAccess(String token) {
		String configured = token == null ? "" : token.strip();
		if (!configured.isEmpty() && configured.length() < MIN_LENGTH) {
			throw new IllegalStateException("BODEGA_METRICS_TOKEN must be at least " + MIN_LENGTH
					+ " characters: make one with `openssl rand -base64 32`");
		}
		this.expected = configured.isEmpty() ? null : Hashes.sha256(configured);
	}

	@Override
	public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
			RequestAuthorizationContext context) {
		return new AuthorizationDecision(allows(context.getRequest()));
	}

	boolean allows(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (expected == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return false;
		}
		byte[] given = Hashes.sha256(header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
		return MessageDigest.isEqual(expected, given);
	}

}

package io.bodega.shared.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Behind a load balancer, the client's address and scheme arrive in {@code X-Forwarded-For} and
 * {@code X-Forwarded-Proto}. Anyone can send those headers, so they are believed only when the connection comes from
 * a {@linkplain TrustedProxies trusted proxy} ({@code BODEGA_TRUSTED_PROXIES}; none by default): otherwise a client
 * could choose its own address and escape every per-address limit. The client is the right-most address in
 * {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy appends the address it saw, so everything
 * left of that was written by the client and proves nothing); a malformed entry ends the walk at the proxy that
 * passed it on. Runs before everything but the request id, so sign-in throttling, sessions, cookies and the CSRF
 * check all see the same client.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ForwardedHeadersFilter extends OncePerRequestFilter {

	private final TrustedProxies proxies;

	ForwardedHeadersFilter(@Value("${bodega.trusted-proxies:}") List<String> trustedProxies) {
		this.proxies = TrustedProxies.of(trustedProxies);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (proxies.isEmpty() || !proxies.trusts(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		String client = client(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
		String scheme = scheme(request.getHeader("X-Forwarded-Proto"), request.getScheme());
		chain.doFilter(new Forwarded(request, client, scheme), response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/** The client's address, walking {@code X-Forwarded-For} from the right past trusted proxies. */
	String client(String peer, java.util.Enumeration<String> headers) {
		List<String> hops = new ArrayList<>();
		for (String header : Collections.list(headers)) {
			for (String hop : header.split(",")) {
				hops.add(hop.strip());
			}
		}
		String client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = hops.get(i);
			if (!TrustedProxies.isLiteral(hop)) {
				return client;
			}
			client = hop;
			if (!proxies.trusts(hop)) {
				return hop;
			}
		}
		return client;
	}

	/** The scheme the client used: the first (the client-facing) entry of {@code X-Forwarded-Proto}, if sane. */
	static String scheme(String header, String own) {
		if (header == null) {
			return own;
		}
		String first = header.split(",")[0].strip().toLowerCase(Locale.ROOT);
		return first.equals("https") || first.equals("http") ? first : own;
	}

	private static final class Forwarded extends HttpServletRequestWrapper {

		private final String client;
		private final String scheme;

		Forwarded(HttpServletRequest request, String client, String scheme) {
			super(request);
			this.client = client;
			this.scheme = scheme;
		}

		@Override
		public String getRemoteAddr() {
			return client;
		}

		@Override
		public String getRemoteHost() {
			return client;
		}

		@Override
		public String getScheme() {
			return scheme;
		}

		@Override
		public boolean isSecure() {
			return scheme.equals("https");
		}

		@Override
		public int getServerPort() {
			return scheme.equals(super.getScheme()) ? super.getServerPort() : scheme.equals("https") ? 443 : 80;
		}

		@Override
		public StringBuffer getRequestURL() {
			int port = getServerPort();
			boolean standard = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
			return new StringBuffer(scheme).append("://").append(getServerName())
				.append(standard ? "" : ":" + port)
				.append(getRequestURI());
		}
	}
}

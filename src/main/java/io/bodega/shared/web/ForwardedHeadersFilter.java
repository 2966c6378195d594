package io.bodega.shared.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Behind a load balancer, the client's address and scheme arrive in
 * {@code X-Forwarded-For} and {@code X-Forwarded-Proto}. Anyone can send those headers,
 * so they are believed only when the connection comes from a {@linkplain TrustedProxies
 * trusted proxy} ({@code BODEGA_TRUSTED_PROXIES}; none by default): otherwise a client
 * could choose its own address and escape every per-address limit. The client is the
 * right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy (each
 * proxy appends the address it saw, so everything left of that was written by the client
 * and proves nothing); a malformed entry ends the walk at the proxy that passed it on.
 * Runs before everything but the request id, so sign-in throttling, sessions, cookies and
 * the CSRF check all see the same client.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class ForwardedHeadersFilter extends OncePerRequestFilter {

	private final TrustedProxies proxies;

	ForwardedHeadersFilter(WebProperties properties) {
		this.proxies = TrustedProxies.of(properties.trustedProxies());
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (proxies.isEmpty() || !proxies.trusts(request.getRemoteAddr())) {
			chain.doFilter(request, response);
			return;
		}
		String client = client(request.getRemoteAddr(), request.getHeaders("X-Forwarded-For"));
		String scheme = scheme(String.join(",", Collections.list(request.getHeaders("X-Forwarded-Proto"))),
				request.getScheme());
		chain.doFilter(new Forwarded(request, client, scheme), response);
	}

	@Override
	protected boolean shouldNotFilterErrorDispatch() {
		return false;
	}

	/**
	 * The client's address, walking {@code X-Forwarded-For} from the right past trusted
	 * proxies.
	 */
	String client(String peer, Enumeration<String> headers) {
		List<String> hops = new ArrayList<>();
		for (String header : Collections.list(headers)) {
			for (String hop : header.split(",")) {
				hops.add(hop.strip());
			}
		}
		String client = peer;
		for (int i = hops.size() - 1; i >= 0; i--) {
			String hop = address(hops.get(i));
			if (hop == null) {
				return client;
			}
			client = hop;
			if (!proxies.trusts(hop)) {
				return hop;
			}
		}
		return client;
	}

	/**
	 * The address of one {@code X-Forwarded-For} hop, as proxies write it:
	 * {@code 192.0.2.1}, {@code 192.0.2.1:4711}, {@code 2001:db8::1},
	 * {@code [2001:db8::1]} or {@code [2001:db8::1]:4711}; null for anything else (such
	 * as {@code unknown}).
	 */
	static String address(String hop) {
		String address = hop;
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			address = end < 0 ? "" : hop.substring(1, end);
		}
		else if (hop.indexOf(':') > 0 && hop.indexOf(':') == hop.lastIndexOf(':')) {
			address = hop.substring(0, hop.indexOf(':'));
		}
		return TrustedProxies.isLiteral(address) ? address : null;
	}

	/**
	 * The scheme the client used, by {@code X-Forwarded-Proto}: https only when every
	 * value says so (a proxy that adds to the header rather than replacing it passes the
	 * client's own value along, which proves nothing), http when any says http, the
	 * connection's own otherwise.
	 */
	static String scheme(String header, String own) {
		if (header == null || header.isBlank()) {
			return own;
		}
		boolean https = true;
		for (String value : header.split(",")) {
			String scheme = value.strip().toLowerCase(Locale.ROOT);
			if (scheme.equals("http")) {
				return "http";
			}
			https &= scheme.equals("https");
		}
		return https ? "https" : own;
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

		/**
		 * The port the client addressed: the one its Host header names, else the scheme's
		 * default.
		 */
		@Override
		public int getServerPort() {
			if (scheme.equals(super.getScheme()) || explicitPort(getHeader("Host"))) {
				return super.getServerPort();
			}
			return scheme.equals("https") ? 443 : 80;
		}

		private static boolean explicitPort(String host) {
			if (host == null) {
				return false;
			}
			int colon = host.lastIndexOf(':');
			return colon > host.lastIndexOf(']');
		}

		@Override
		public StringBuffer getRequestURL() {
			int port = getServerPort();
			boolean standard = (scheme.equals("https") && port == 443) || (scheme.equals("http") && port == 80);
			return new StringBuffer(scheme).append("://")
				.append(getServerName())
				.append(standard ? "" : ":" + port)
				.append(getRequestURI());
		}

	}

}

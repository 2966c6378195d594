package io.bodega.webhooks.endpoints;

import java.net.IDN;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Where webhooks may go (the defence against server-side request forgery): only to
 * http(s) URLs without user info whose host resolves to public addresses only, over
 * https. Loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local
 * (169.254/16 with the cloud metadata address, fe80::/10), shared (100.64/10),
 * unspecified, multicast, documentation, benchmarking, relay and reserved addresses are
 * refused, also when written into IPv6 (IPv4-mapped, -compatible, -translated, NAT64,
 * 6to4), unless the operator allows their range
 * ({@code BODEGA_WEBHOOK_ALLOWED_NETWORKS}); there plain http is accepted too.
 * <p>
 * The check runs when an endpoint is saved and, through {@link #addresses}, as the HTTP
 * client's own name lookup for every connection it opens: the addresses connected to are
 * exactly the ones checked (no second lookup in between). A lookup may take at most
 * {@value #LOOKUP_SECONDS} s.
 */
public final class AddressPolicy {

	/** Looks up a host's addresses; the JDK's resolver, or a stand-in in tests. */
	public interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	/**
	 * Why a URL is refused, in words for the admin (and the attempt's recorded error).
	 */
	public static final class Refused extends Exception {

		Refused(String message) {
			super(message, null, false, false);
		}

	}

	static final int LOOKUP_SECONDS = 5;

	/**
	 * The IANA special-purpose ranges (IPv4 and IPv6 registries) that are not globally
	 * reachable, plus multicast and the documentation and relay ranges no receiver lives
	 * in.
	 */
	private static final List<Cidr> FORBIDDEN = List.of(
			// IPv4
			"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
			"192.0.0.0/24", "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24",
			"203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
			// IPv6 (IPv4-mapped addresses reach here as IPv4): unspecified, loopback,
			// IPv4-translated, local NAT64, discard-only, IETF protocol
			// assignments (Teredo, benchmarking, ORCHID), documentation, SRv6 SIDs,
			// unique local, link and site local,
			// multicast
			"::/128", "::1/128", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23", "2001:db8::/32",
			"3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
		.stream()
		.map(Cidr::parse)
		.toList();

	private final List<Cidr> allowed;

	private final Duration lookupTimeout;

	private volatile Resolver resolver;

	AddressPolicy(List<String> allowedNetworks, Resolver resolver) {
		this(allowedNetworks, resolver, Duration.ofSeconds(LOOKUP_SECONDS));
	}

	AddressPolicy(List<String> allowedNetworks, Resolver resolver, Duration lookupTimeout) {
		this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
		this.resolver = resolver;
		this.lookupTimeout = lookupTimeout;
	}

	/** Tests stand in for DNS; answers the resolver it replaces. */
	public Resolver resolver(Resolver replacement) {
		Resolver previous = resolver;
		resolver = replacement;
		return previous;
	}

	public static AddressPolicy of(List<String> allowedNetworks) {
		return new AddressPolicy(allowedNetworks, InetAddress::getAllByName);
	}

	/**
	 * The URL's form alone: http(s), a host, a port in 1-65535, no user info, no
	 * fragment. An internationalized host name is turned into its ASCII (punycode) form.
	 */
	public static URI parse(String url) throws Refused {
		URI uri;
		try {
			uri = new URI(asciiHost(url));
		}
		catch (URISyntaxException e) {
			throw new Refused("is not a valid URL");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http")) {
			throw new Refused("must be an https URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new Refused("must not carry a user name or password");
		}
		if (uri.getHost() == null && uri.getRawAuthority() != null
				&& uri.getRawAuthority().matches("(\\[[^]]*]|[^:\\[]+):-?[0-9]+")) {
			throw new Refused("must have a port between 1 and 65535");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new Refused("must name a host");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535 || uri.getPort() < -1) {
			throw new Refused("must have a port between 1 and 65535");
		}
		if (uri.getRawFragment() != null) {
			throw new Refused("must not have a fragment (#...)");
		}
		return uri;
	}

	/**
	 * The URL with an internationalized host name written in ASCII, as DNS knows it;
	 * refused when it has none.
	 */
	private static String asciiHost(String url) throws Refused {
		int start = url.indexOf("://");
		if (start < 0 || url.chars().allMatch(c -> c < 0x80)) {
			return url;
		}
		int end = start + 3;
		while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
			end++;
		}
		String authority = url.substring(start + 3, end);
		if (authority.chars().allMatch(c -> c < 0x80)) {
			return url;
		}
		int at = authority.lastIndexOf('@');
		int colon = authority.indexOf(':', at + 1);
		String host = authority.substring(at + 1, colon < 0 ? authority.length() : colon);
		String ascii;
		try {
			ascii = IDN.toASCII(host, IDN.USE_STD3_ASCII_RULES);
		}
		catch (IllegalArgumentException e) {
			throw new Refused("has a host name that is not a valid internationalized name; write it in its punycode "
					+ "form (xn--...)");
		}
		return url.substring(0, start + 3) + authority.substring(0, at + 1) + ascii
				+ (colon < 0 ? "" : authority.substring(colon)) + url.substring(end);
	}

	/**
	 * Refuses the URL unless its host resolves to allowed addresses only (and it is
	 * https, or all are allowed).
	 */
	public void check(URI uri) throws Refused {
		addresses(uri.getHost(), !"https".equalsIgnoreCase(uri.getScheme()));
	}

	/**
	 * Looks the host up (within {@value #LOOKUP_SECONDS} s) and answers its addresses if
	 * every one of them may be sent to: public, or in an allowed network; over plain http
	 * all of them must be in an allowed network.
	 */
	public InetAddress[] addresses(String host, boolean plainHttp) throws Refused {
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetAddress[] addresses = lookUp(host);
		if (addresses == null || addresses.length == 0) {
			throw new Refused("has a host that does not resolve: " + host);
		}
		boolean allInAllowedNetworks = true;
		for (InetAddress address : addresses) {
			boolean inAllowed = isAllowed(address);
			allInAllowedNetworks &= inAllowed;
			if (!inAllowed && isInternal(address)) {
				throw new Refused("resolves to an address that is not public (" + address.getHostAddress()
						+ "); only the networks in BODEGA_WEBHOOK_ALLOWED_NETWORKS may be internal");
			}
		}
		if (plainHttp && !allInAllowedNetworks) {
			throw new Refused("must be an https URL");
		}
		return addresses.clone();
	}

	private InetAddress[] lookUp(String host) throws Refused {
		Resolver current = resolver;
		// the JDK's lookup has no timeout of its own: it runs on a virtual thread of its
		// own that is given up on
		FutureTask<InetAddress[]> lookup = new FutureTask<>(() -> {
			try {
				return current.resolve(host);
			}
			catch (UnknownHostException | IllegalArgumentException e) {
				return null;
			}
		});
		Thread.ofVirtual().name("webhook-dns").start(lookup);
		try {
			return lookup.get(lookupTimeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException e) {
			lookup.cancel(true);
			String limit = lookupTimeout.toMillis() % 1000 == 0 ? lookupTimeout.toSeconds() + " s"
					: lookupTimeout.toMillis() + " ms";
			throw new Refused("has a host whose name could not be looked up within " + limit + ": " + host);
		}
		catch (ExecutionException e) {
			throw new Refused("has a host that does not resolve: " + host);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new Refused("has a host that could not be looked up: the node is stopping");
		}
	}

	private boolean isAllowed(InetAddress address) {
		return allowed.stream().anyMatch(range -> range.contains(address));
	}

	/**
	 * Loopback, private, link-local, shared, unspecified, multicast, reserved, also as
	 * written in IPv6.
	 */
	static boolean isInternal(InetAddress address) {
		if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
				|| address.isSiteLocalAddress() || address.isMulticastAddress()
				|| FORBIDDEN.stream().anyMatch(range -> range.contains(address))) {
			return true;
		}
		Inet4Address embedded = embeddedIpv4(address);
		return embedded != null && isInternal(embedded);
	}

	/**
	 * The IPv4 address inside an IPv6 one that carries it: IPv4-mapped
	 * {@code ::ffff:a.b.c.d} (the JDK already turns these into IPv4), IPv4-compatible
	 * {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:ab:cd::}.
	 */
	static Inet4Address embeddedIpv4(InetAddress address) {
		if (!(address instanceof Inet6Address)) {
			return null;
		}
		byte[] b = address.getAddress();
		byte[] v4 = null;
		if (allZero(b, 0, 10) && ((b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xff && b[11] == (byte) 0xff))) {
			v4 = Arrays.copyOfRange(b, 12, 16);
		}
		else if (b[0] == 0 && b[1] == 0x64 && b[2] == (byte) 0xff && b[3] == (byte) 0x9b && allZero(b, 4, 12)) {
			v4 = Arrays.copyOfRange(b, 12, 16);
		}
		else if (b[0] == 0x20 && b[1] == 0x02) {
			v4 = Arrays.copyOfRange(b, 2, 6);
		}
		if (v4 == null) {
			return null;
		}
		try {
			return (Inet4Address) InetAddress.getByAddress(v4);
		}
		catch (UnknownHostException e) {
			return null;
		}
	}

	private static boolean allZero(byte[] bytes, int from, int to) {
		for (int i = from; i < to; i++) {
			if (bytes[i] != 0) {
				return false;
			}
		}
		return true;
	}

}

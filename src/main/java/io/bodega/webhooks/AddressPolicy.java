package io.bodega.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where webhooks may go (the defence against server-side request forgery): only to http(s) URLs without user info
 * whose host resolves to public addresses only, over https. Loopback, private (10/8, 172.16/12, 192.168/16,
 * fc00::/7), link-local (169.254/16 with the cloud metadata address, fe80::/10), shared (100.64/10), unspecified,
 * multicast and reserved addresses are refused, also when written into IPv6 (IPv4-mapped, -compatible, NAT64, 6to4),
 * unless the operator allows their range ({@code BODEGA_WEBHOOK_ALLOWED_NETWORKS}); there plain http is accepted too.
 * <p>
 * The check runs when an endpoint is saved and again before every attempt, so a name that has since been pointed at
 * an internal address fails that attempt. The JDK keeps a looked-up name's addresses for 30 s and the HTTP client
 * (which uses no proxy) looks the name up through the same cache right after the check, so the address connected to
 * is one that was checked, unless the cached answer expires in the moment between the two.
 */
final class AddressPolicy {

	/** Looks up a host's addresses; the JDK's resolver, or a stand-in in tests. */
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;
	}

	/** Why a URL is refused, in words for the admin (and the attempt's recorded error). */
	static final class Refused extends Exception {

		Refused(String message) {
			super(message, null, false, false);
		}
	}

	/** An address range such as {@code 10.0.0.0/8} or {@code fc00::/7}. */
	record Cidr(byte[] network, int prefix) {

		static Cidr parse(String text) {
			String[] parts = text.strip().split("/", 2);
			InetAddress address;
			try {
				address = InetAddress.ofLiteral(parts[0].replace("[", "").replace("]", ""));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("Not an IP address range: " + text);
			}
			byte[] bytes = address.getAddress();
			int prefix;
			try {
				prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : bytes.length * 8;
			}
			catch (NumberFormatException e) {
				throw new IllegalArgumentException("Not an IP address range: " + text);
			}
			if (prefix < 0 || prefix > bytes.length * 8) {
				throw new IllegalArgumentException("Not an IP address range: " + text);
			}
			return new Cidr(bytes, prefix);
		}

		boolean contains(InetAddress address) {
			byte[] bytes = address.getAddress();
			if (bytes.length != network.length) {
				return false;
			}
			int full = prefix / 8;
			for (int i = 0; i < full; i++) {
				if (bytes[i] != network[i]) {
					return false;
				}
			}
			int rest = prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (bytes[full] & mask) == (network[full] & mask);
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
		}

		@Override
		public int hashCode() {
			return 31 * Arrays.hashCode(network) + prefix;
		}

		@Override
		public String toString() {
			try {
				return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
			}
			catch (UnknownHostException e) {
				return "?/" + prefix;
			}
		}
	}

	private static final List<Cidr> FORBIDDEN = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
			"169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.168.0.0/16", "198.18.0.0/15", "224.0.0.0/4",
			"240.0.0.0/4", "::/128", "::1/128", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8")
		.stream()
		.map(Cidr::parse)
		.toList();

	private final List<Cidr> allowed;
	private final Resolver resolver;

	AddressPolicy(List<String> allowedNetworks, Resolver resolver) {
		this.allowed = allowedNetworks.stream().map(Cidr::parse).toList();
		this.resolver = resolver;
	}

	static AddressPolicy of(List<String> allowedNetworks) {
		return new AddressPolicy(allowedNetworks, InetAddress::getAllByName);
	}

	/** The URL's form alone: http(s), a host, no user info, no fragment. */
	static URI parse(String url) throws Refused {
		URI uri;
		try {
			uri = new URI(url);
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
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new Refused("must name a host");
		}
		if (uri.getRawFragment() != null) {
			throw new Refused("must not have a fragment (#...)");
		}
		return uri;
	}

	/** Refuses the URL unless its host resolves to allowed addresses only (and it is https, or all are allowed). */
	void check(URI uri) throws Refused {
		String host = uri.getHost();
		if (host.startsWith("[") && host.endsWith("]")) {
			host = host.substring(1, host.length() - 1);
		}
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host);
		}
		catch (UnknownHostException | IllegalArgumentException e) {
			throw new Refused("has a host that does not resolve: " + host);
		}
		if (addresses.length == 0) {
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
		if (!"https".equalsIgnoreCase(uri.getScheme()) && !allInAllowedNetworks) {
			throw new Refused("must be an https URL");
		}
	}

	private boolean isAllowed(InetAddress address) {
		return allowed.stream().anyMatch(range -> range.contains(address));
	}

	/** Loopback, private, link-local, shared, unspecified, multicast, reserved, also as written in IPv6. */
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
	 * The IPv4 address inside an IPv6 one that carries it: IPv4-mapped {@code ::ffff:a.b.c.d} (the JDK already turns
	 * these into IPv4), IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d} and 6to4 {@code 2002:ab:cd::}.
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

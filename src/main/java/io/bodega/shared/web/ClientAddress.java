package io.bodega.shared.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/**
 * The key a client address is counted under by every per-address limit (sign-in,
 * registration, guest checkout, declined payments): IPv4 as it is, IPv6 by its /64 prefix
 * ({@code 2001:db8:1:2:0:0:0:0/64}), because one subscriber usually holds a whole /64 and
 * could otherwise rotate through it; an IPv4-mapped IPv6 address as the IPv4 address.
 * Anything that is not an address literal counts as given. Parsed as a literal only,
 * never looked up. The address itself is the request's, after
 * {@link ForwardedHeadersFilter}.
 */
public final class ClientAddress {

	private ClientAddress() {
	}

	public static String key(String ip) {
		InetAddress address;
		try {
			address = InetAddress.ofLiteral(ip.strip());
		}
		catch (IllegalArgumentException e) {
			return ip;
		}
		if (!(address instanceof Inet6Address)) {
			return address.getHostAddress();
		}
		byte[] prefix = address.getAddress();
		Arrays.fill(prefix, 8, 16, (byte) 0);
		try {
			return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException("16 bytes are always an IPv6 address", e);
		}
	}

}

package io.bodega.webhooks.endpoints;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

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

package io.bodega.shared.web;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The addresses and CIDR ranges ({@code BODEGA_TRUSTED_PROXIES}) whose forwarded headers
 * are believed: a load balancer in front of Bodega. Entries must be address literals
 * (never host names, which would need a lookup), optionally with a prefix length, such as
 * {@code 10.0.0.0/8}, {@code 192.0.2.7} or {@code fd00::/8}.
 */
final class TrustedProxies {

	private static final Pattern DOTTED_QUAD = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");

	private final List<IpAddressMatcher> ranges;

	private TrustedProxies(List<IpAddressMatcher> ranges) {
		this.ranges = ranges;
	}

	static TrustedProxies of(List<String> entries) {
		List<IpAddressMatcher> ranges = new ArrayList<>();
		for (String entry : entries) {
			String range = entry.strip();
			if (range.isEmpty()) {
				continue;
			}
			ranges.add(parse(range));
		}
		return new TrustedProxies(List.copyOf(ranges));
	}

	boolean isEmpty() {
		return ranges.isEmpty();
	}

	/** Whether {@code address}, an address literal, is one of the trusted proxies. */
	boolean trusts(String address) {
		if (address == null || ranges.isEmpty() || !isLiteral(address)) {
			return false;
		}
		for (IpAddressMatcher range : ranges) {
			if (range.matches(address)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether {@code address} is an address literal: four dotted decimals, or IPv6 (Java
	 * would also take the old shorthands such as {@code 1.2.3}, which no proxy writes).
	 */
	static boolean isLiteral(String address) {
		if (!address.contains(":") && !DOTTED_QUAD.matcher(address).matches()) {
			return false;
		}
		try {
			InetAddress.ofLiteral(address);
			return true;
		}
		catch (IllegalArgumentException e) {
			return false;
		}
	}

	private static IpAddressMatcher parse(String range) {
		int slash = range.indexOf('/');
		String address = slash < 0 ? range : range.substring(0, slash);
		String prefix = slash < 0 ? null : range.substring(slash + 1);
		if (!isLiteral(address)) {
			throw invalid(range);
		}
		int maxPrefix = InetAddress.ofLiteral(address).getAddress().length * 8;
		if (prefix != null && (!prefix.matches("[0-9]{1,3}") || Integer.parseInt(prefix) > maxPrefix)) {
			throw invalid(range);
		}
		return new IpAddressMatcher(range);
	}

	private static IllegalStateException invalid(String range) {
		return new IllegalStateException("BODEGA_TRUSTED_PROXIES: '" + range + "' is not an IP address or CIDR range "
				+ "(such as 10.0.0.0/8, 192.0.2.7 or fd00::/8)");
	}

}

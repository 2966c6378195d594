package io.bodega.shared.web;

import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedHeadersFilterTests {

	private final ForwardedHeadersFilter filter = new ForwardedHeadersFilter(new WebProperties(DataSize.ofMegabytes(1),
			DataSize.ofMegabytes(10), List.of("10.0.0.0/8", "fd00::/8"), ""));

	@Test
	void hopsAreReadAsProxiesWriteThem() {
		assertThat(ForwardedHeadersFilter.address("192.0.2.1")).isEqualTo("192.0.2.1");
		assertThat(ForwardedHeadersFilter.address("192.0.2.1:4711")).isEqualTo("192.0.2.1");
		assertThat(ForwardedHeadersFilter.address("2001:db8::1")).isEqualTo("2001:db8::1");
		assertThat(ForwardedHeadersFilter.address("[2001:db8::1]")).isEqualTo("2001:db8::1");
		assertThat(ForwardedHeadersFilter.address("[2001:db8::1]:4711")).isEqualTo("2001:db8::1");
		for (String garbage : new String[] { "unknown", "", "1.2.3", "[2001:db8::1", "proxy.example:80", "_hidden" }) {
			assertThat(ForwardedHeadersFilter.address(garbage)).as(garbage).isNull();
		}
	}

	@Test
	void theClientIsTheRightMostHopThatIsNoTrustedProxy() {
		assertThat(client("10.0.0.1", "198.51.100.1, 203.0.113.9:5000, 10.0.0.7")).isEqualTo("203.0.113.9");
		assertThat(client("10.0.0.1", "[2001:db8::5]:443")).isEqualTo("2001:db8::5");
		assertThat(client("10.0.0.1", "10.0.0.3, 10.0.0.2")).as("only proxies: the farthest").isEqualTo("10.0.0.3");
		assertThat(client("10.0.0.1", "198.51.100.1, unknown")).as("ends at the proxy that passed it on")
			.isEqualTo("10.0.0.1");
	}

	@Test
	void httpsOnlyWhenEveryForwardedProtoSaysSo() {
		assertThat(ForwardedHeadersFilter.scheme("https", "http")).isEqualTo("https");
		assertThat(ForwardedHeadersFilter.scheme("https, https", "http")).isEqualTo("https");
		assertThat(ForwardedHeadersFilter.scheme("https,http", "http")).isEqualTo("http");
		assertThat(ForwardedHeadersFilter.scheme("http, https", "http")).isEqualTo("http");
		assertThat(ForwardedHeadersFilter.scheme("gopher", "http")).isEqualTo("http");
		assertThat(ForwardedHeadersFilter.scheme(null, "http")).isEqualTo("http");
	}

	private String client(String peer, String forwardedFor) {
		return filter.client(peer, Collections.enumeration(List.of(forwardedFor)));
	}

}

package io.bodega.shared.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedProxiesTests {

	@Test
	void addressesAndRangesOfBothFamilies() {
		TrustedProxies proxies = TrustedProxies.of(List.of(" 10.0.0.0/8", "192.0.2.7", "fd00::/8", ""));

		assertThat(proxies.trusts("10.1.2.3")).isTrue();
		assertThat(proxies.trusts("192.0.2.7")).isTrue();
		assertThat(proxies.trusts("192.0.2.8")).isFalse();
		assertThat(proxies.trusts("fd12::1")).isTrue();
		assertThat(proxies.trusts("2001:db8::1")).isFalse();
		assertThat(proxies.trusts("localhost")).as("names are never looked up").isFalse();
		assertThat(TrustedProxies.of(List.of()).trusts("127.0.0.1")).as("none by default").isFalse();
	}

	@Test
	void anEntryThatIsNoAddressOrRangeStopsTheStart() {
		for (String bad : new String[] { "proxy.example.com", "10.0.0.0/33", "10.0.0.0/x", "fd00::/129", "1.2.3" }) {
			assertThatThrownBy(() -> TrustedProxies.of(List.of(bad))).as(bad)
				.hasMessageContaining("BODEGA_TRUSTED_PROXIES")
				.hasMessageContaining(bad);
		}
	}

}

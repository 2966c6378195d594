package io.bodega.shared.web;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which client addresses share one per-address count. */
class ClientAddressTests {

	@Test
	void keepsAnIpv4AddressAsItIs() {
		assertThat(ClientAddress.key("203.0.113.7")).isEqualTo("203.0.113.7");
	}

	@Test
	void countsAnIpv6AddressByItsSlash64() {
		String key = ClientAddress.key("2001:db8:1:2:aaaa:bbbb:cccc:dddd");

		assertThat(key).isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ClientAddress.key("2001:DB8:1:2::9")).as("any spelling, any host part").isEqualTo(key);
		assertThat(ClientAddress.key("2001:db8:1:3::9")).as("the next /64 is another client").isNotEqualTo(key);
	}

	@Test
	void countsAnIpv4MappedIpv6AddressAsTheIpv4Address() {
		assertThat(ClientAddress.key("::ffff:203.0.113.7")).isEqualTo("203.0.113.7");
		assertThat(ClientAddress.key("::ffff:cb00:7107")).isEqualTo("203.0.113.7");
	}

	@Test
	void keepsWhatIsNoAddressLiteralAsGivenWithoutLookingItUp() {
		assertThat(ClientAddress.key("proxy.example")).isEqualTo("proxy.example");
	}

}

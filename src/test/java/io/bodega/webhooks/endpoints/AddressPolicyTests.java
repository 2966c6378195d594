package io.bodega.webhooks.endpoints;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

class AddressPolicyTests {

	private final AtomicReference<Map<String, String>> dns = new AtomicReference<>(Map.of("shop-hooks.example",
			"93.184.216.34", "sneaky.example", "127.0.0.1", "metadata.example", "169.254.169.254", "mixed.example",
			"93.184.216.34,10.0.0.7", "v6.example", "2606:4700::6810:84e5"));

	private final AddressPolicy.Resolver resolver = host -> {
		String answer = dns.get().get(host);
		if (answer == null) {
			try {
				return new InetAddress[] { InetAddress.ofLiteral(host) };
			}
			catch (IllegalArgumentException e) {
				throw new UnknownHostException(host);
			}
		}
		return Arrays.stream(answer.split(",")).map(InetAddress::ofLiteral).toArray(InetAddress[]::new);
	};

	@Test
	void acceptsPublicHttpsHosts() {
		AddressPolicy policy = new AddressPolicy(List.of(), resolver);
		assertThatCode(() -> policy.check(AddressPolicy.parse("https://shop-hooks.example/in")))
			.doesNotThrowAnyException();
		assertThatCode(() -> policy.check(AddressPolicy.parse("https://v6.example:8443/in")))
			.doesNotThrowAnyException();
		assertThatCode(() -> policy.check(AddressPolicy.parse("https://[2606:4700::1]/in"))).doesNotThrowAnyException();
	}

	@Test
	void refusesANameThatResolvesToAnInternalAddressUnlessItsNetworkIsAllowed() {
		AddressPolicy strict = new AddressPolicy(List.of(), resolver);
		assertThatThrownBy(() -> strict.check(AddressPolicy.parse("https://sneaky.example/in")))
			.isInstanceOf(AddressPolicy.Refused.class)
			.hasMessageContaining("127.0.0.1");
		assertThatThrownBy(() -> strict.check(AddressPolicy.parse("https://metadata.example/in")))
			.hasMessageContaining("169.254.169.254");
		// one internal address among public ones is enough to refuse
		assertThatThrownBy(() -> strict.check(AddressPolicy.parse("https://mixed.example/in")))
			.hasMessageContaining("10.0.0.7");

		AddressPolicy allowing = new AddressPolicy(List.of("127.0.0.0/8", "10.0.0.0/24"), resolver);
		assertThatCode(() -> allowing.check(AddressPolicy.parse("http://sneaky.example/in")))
			.doesNotThrowAnyException();
		assertThatCode(() -> allowing.check(AddressPolicy.parse("https://mixed.example/in")))
			.doesNotThrowAnyException();
		assertThatThrownBy(() -> allowing.check(AddressPolicy.parse("https://metadata.example/in")))
			.isInstanceOf(AddressPolicy.Refused.class);
	}

	@Test
	void requiresHttpsOutsideTheAllowedNetworks() {
		AddressPolicy allowing = new AddressPolicy(List.of("127.0.0.1/32"), resolver);
		assertThatThrownBy(() -> allowing.check(AddressPolicy.parse("http://shop-hooks.example/in")))
			.hasMessage("must be an https URL");
		assertThatThrownBy(() -> allowing.check(AddressPolicy.parse("http://mixed.example/in")))
			.isInstanceOf(AddressPolicy.Refused.class);
		assertThatCode(() -> allowing.check(AddressPolicy.parse("http://127.0.0.1:8080/in")))
			.doesNotThrowAnyException();
	}

	@Test
	void checksTheAddressAgainWhenTheNameNowResolvesElsewhere() throws Exception {
		AddressPolicy policy = new AddressPolicy(List.of(), resolver);
		URI uri = AddressPolicy.parse("https://shop-hooks.example/in");
		policy.check(uri);
		dns.set(Map.of("shop-hooks.example", "192.168.0.10"));
		assertThatThrownBy(() -> policy.check(uri)).hasMessageContaining("192.168.0.10");
	}

	@Test
	void knowsEveryFormOfAnInternalAddress() {
		for (String internal : List.of("127.0.0.1", "127.255.0.1", "10.0.0.1", "172.16.0.1", "172.31.255.255",
				"192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "0.1.2.3", "224.0.0.1",
				"255.255.255.255", "::", "::1", "fc00::1", "fdff::1", "fe80::1", "febf::1", "ff02::1",
				"::ffff:127.0.0.1", "::ffff:10.0.0.1", "::127.0.0.1", "::a9fe:a9fe", "64:ff9b::a00:1",
				"2002:a9fe:a9fe::1", "2002:7f00:1::",
				// local NAT64, IPv4-translated, Teredo, documentation, discard-only, 6to4
				// relay, the IPv4 test nets
				"64:ff9b:1::1", "64:ff9b:1:ffff::808:808", "::ffff:0:808:808", "2001::1", "2001:0:4136:e378::1",
				"2001:2::1", "2001:db8::1", "2001:db8:ffff::1", "100::1", "3fff::1", "5f00::1", "192.88.99.1",
				"192.0.2.1", "198.51.100.7", "203.0.113.255", "198.19.0.1")) {
			assertThat(AddressPolicy.isInternal(InetAddress.ofLiteral(internal))).as(internal).isTrue();
		}
		for (String external : List.of("93.184.216.34", "8.8.8.8", "100.128.0.1", "172.32.0.1", "192.169.0.1",
				"2606:4700::6810:84e5", "::ffff:8.8.8.8", "2002:808:808::1", "2001:4860:4860::8888", "2a00:1450::1",
				"192.88.100.1", "203.0.114.1", "100:0:0:1::1")) {
			assertThat(AddressPolicy.isInternal(InetAddress.ofLiteral(external))).as(external).isFalse();
		}
	}

	@Test
	void refusesUrlsWithUserInfoOtherSchemesOrNoHost() {
		for (String url : List.of("https://user:pw@shop-hooks.example/", "https://user@shop-hooks.example/",
				"ftp://shop-hooks.example/", "file:///etc/passwd", "shop-hooks.example/in", "https:///in",
				"https://shop hooks.example/", "https://shop-hooks.example/#x", "javascript:alert(1)")) {
			assertThatThrownBy(() -> AddressPolicy.parse(url)).as(url).isInstanceOf(AddressPolicy.Refused.class);
		}
	}

	@Test
	void refusesPortsOutsideTheirRange() throws Exception {
		for (String url : List.of("https://shop-hooks.example:0/in", "https://shop-hooks.example:65536/in",
				"https://shop-hooks.example:99999999999/in", "https://[2606:4700::1]:70000/in")) {
			assertThatThrownBy(() -> AddressPolicy.parse(url)).as(url)
				.isInstanceOf(AddressPolicy.Refused.class)
				.hasMessage("must have a port between 1 and 65535");
		}
		assertThat(AddressPolicy.parse("https://shop-hooks.example:65535/in").getPort()).isEqualTo(65535);
		assertThat(AddressPolicy.parse("https://shop-hooks.example:1/in").getPort()).isEqualTo(1);
	}

	@Test
	void writesAnInternationalizedHostInPunycode() throws Exception {
		URI uri = AddressPolicy.parse("https://bücher.example:8443/in?x=1");
		assertThat(uri.getHost()).isEqualTo("xn--bcher-kva.example");
		assertThat(uri.getPort()).isEqualTo(8443);
		assertThat(uri.toString()).isEqualTo("https://xn--bcher-kva.example:8443/in?x=1");
		assertThatThrownBy(() -> AddressPolicy.parse("https://b\u00fccher_.example/in"))
			.isInstanceOf(AddressPolicy.Refused.class)
			.hasMessageContaining("punycode");
	}

	@Test
	void givesUpOnALookupThatTakesTooLong() {
		AddressPolicy.Resolver hanging = host -> {
			// A DNS server that does not answer, not a wait: the policy must give up
			// first.
			try {
				Thread.sleep(10_000);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return new InetAddress[] { InetAddress.ofLiteral("93.184.216.34") };
		};
		AddressPolicy policy = new AddressPolicy(List.of(), hanging, Duration.ofMillis(300));
		long started = System.nanoTime();
		assertThatThrownBy(() -> policy.check(AddressPolicy.parse("https://slow.example/in")))
			.isInstanceOf(AddressPolicy.Refused.class)
			.hasMessage("has a host whose name could not be looked up within 300 ms: slow.example");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
	}

	@Test
	void answersExactlyTheAddressesItCheckedEvenWhenTheNextAnswerDiffers() throws Exception {
		AtomicInteger calls = new AtomicInteger();
		AddressPolicy.Resolver rebinding = host -> new InetAddress[] {
				InetAddress.ofLiteral(calls.incrementAndGet() == 1 ? "93.184.216.34" : "10.0.0.7") };
		AddressPolicy policy = new AddressPolicy(List.of(), rebinding);

		assertThat(policy.addresses("rebind.example", false)).extracting(InetAddress::getHostAddress)
			.containsExactly("93.184.216.34");
		assertThatThrownBy(() -> policy.addresses("rebind.example", false)).isInstanceOf(AddressPolicy.Refused.class)
			.hasMessageContaining("10.0.0.7");
		assertThat(calls).hasValue(2);
	}

	@Test
	void readsAllowedNetworks() {
		assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.ofLiteral("10.200.1.1"))).isTrue();
		assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.ofLiteral("11.0.0.1"))).isFalse();
		assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.ofLiteral("172.31.0.1"))).isTrue();
		assertThat(Cidr.parse("172.16.0.0/12").contains(InetAddress.ofLiteral("172.32.0.1"))).isFalse();
		assertThat(Cidr.parse("fd00::/8").contains(InetAddress.ofLiteral("fd12::1"))).isTrue();
		assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.ofLiteral("127.0.0.2"))).isFalse();
		for (String bad : List.of("10.0.0.0/33", "not-an-address/8", "10.0.0.0/x", "::/129")) {
			assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
		}
	}

}

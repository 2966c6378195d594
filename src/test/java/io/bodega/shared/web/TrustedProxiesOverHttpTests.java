package io.bodega.shared.web;

import java.util.Map;

import io.bodega.testing.Http;
import io.bodega.testing.LockedDownApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * X-Forwarded-For and X-Forwarded-Proto count only from a trusted proxy
 * ({@code BODEGA_TRUSTED_PROXIES}): this server trusts {@link #PROXY} alone, so a client
 * elsewhere on loopback (the same network) cannot choose its own address. Seen end to
 * end, through a server; {@link TrustedProxiesTests} is the unit test of the rule itself.
 */
class TrustedProxiesOverHttpTests extends LockedDownApiTest {

	@Test
	void forwardedHeadersFromAPeerThatIsNoTrustedProxyAreIgnored() {
		Http client = httpFrom("127.0.0.31");
		String email = register(client, uniqueEmail());

		Http.Response login = signIn(client, email, "198.51.100.7", "https");

		assertThat(sessionAddress(client, login)).isEqualTo("127.0.0.31");
		assertThat(login.header("Set-Cookie").orElseThrow()).startsWith("bodega_session=").doesNotContain("Secure");
	}

	@Test
	void theClientBehindATrustedProxyIsTheRightMostAddressThatIsNoProxy() {
		Http proxy = httpFrom(PROXY);
		String email = register(httpFrom("127.0.0.32"), uniqueEmail());

		Http.Response login = signIn(proxy, email, "203.0.113.50, 198.51.100.8", "https");

		assertThat(sessionAddress(proxy, login)).as("the left entry was written by the client")
			.isEqualTo("198.51.100.8");
		assertThat(login.header("Set-Cookie").orElseThrow()).startsWith("__Host-bodega_session=").contains("Secure");
		assertThat(sessionAddress(proxy, signIn(proxy, email, "198.51.100.9, " + PROXY, null)))
			.as("past another trusted proxy")
			.isEqualTo("198.51.100.9");
		assertThat(sessionAddress(proxy, signIn(proxy, email, "not-an-address, 198.51.100.10", null)))
			.isEqualTo("198.51.100.10");
		assertThat(sessionAddress(proxy, signIn(proxy, email, "198.51.100.11, not-an-address", null)))
			.as("a malformed hop ends the walk at the proxy that passed it on")
			.isEqualTo(PROXY);
	}

	private static Http.Response signIn(Http client, String email, String forwardedFor, String forwardedProto) {
		Http.Request request = client.post("/api/v1/auth/login")
			.header("X-Forwarded-For", forwardedFor)
			.json(Map.of("email", email, "password", GOOD_PASSWORD));
		if (forwardedProto != null) {
			request.header("X-Forwarded-Proto", forwardedProto);
		}
		Http.Response answer = request.send();
		assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
		return answer;
	}

	/** The address the server recorded for the session the sign-in started. */
	private static String sessionAddress(Http client, Http.Response login) {
		String token = login.json().path("token").asString();
		for (var session : client.get("/api/v1/me/sessions").bearer(token).send().json().path("items")) {
			if (session.path("current").asBoolean()) {
				return session.path("ipAddress").asString();
			}
		}
		throw new AssertionError("no current session");
	}

}

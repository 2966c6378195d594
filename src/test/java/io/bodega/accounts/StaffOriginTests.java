package io.bodega.accounts;

import java.util.Map;

import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The storefront's origin ({@code BODEGA_CORS_ORIGINS}, {@code https://shop.example.test}
 * in the tests) may use the customer API with the shopper's cookie, but not the staff
 * routes with an administrator's: those take browser requests only from Bodega's own
 * origin, the console's. Bearer tokens work from anywhere, as before.
 */
class StaffOriginTests extends ApiTest {

	private static final String STOREFRONT = "https://shop.example.test";

	private static final String INVITES = "/api/v1/admin/staff/invites";

	@Test
	void storefrontOriginCannotInviteStaffWithTheAdministratorsCookie() {
		String email = uniqueEmail();

		Http.Response refused = http().post(INVITES)
			.cookie(adminToken())
			.header("Origin", STOREFRONT)
			.json(Map.of("email", email, "name", "Mallory"))
			.send();

		assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
		assertThat(refused.code()).isEqualTo("forbidden");
		assertThat(refused.json().path("detail").asString()).contains("staff route").contains("own origin");
		assertThat(refused.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(refused.header("Access-Control-Allow-Credentials")).isEmpty();
		assertThat(invitations(email)).isZero();
	}

	@Test
	void storefrontOriginGetsNoPreflightGrantForStaffRoutes() {
		Http.Response preflight = http().method("OPTIONS", INVITES)
			.header("Origin", STOREFRONT)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.send();

		assertThat(preflight.status()).as(preflight.toString()).isEqualTo(403);
		assertThat(preflight.code()).isEqualTo("forbidden");
		assertThat(preflight.json().path("detail").asString()).contains("staff routes");
		assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(preflight.header("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void storefrontOriginCannotReadStaffRoutesWithTheAdministratorsCookie() {
		Http.Response read = http().get(INVITES).cookie(adminToken()).header("Origin", STOREFRONT).send();

		assertThat(read.status()).as(read.toString()).isEqualTo(403);
		assertThat(read.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(read.header("Access-Control-Allow-Credentials")).isEmpty();
	}

	@Test
	void consoleOnBodegasOwnOriginInvitesStaffWithTheCookie() {
		String email = uniqueEmail();

		Http.Response invited = http().post(INVITES)
			.cookie(adminToken())
			.header("Origin", "http://localhost:" + port)
			.json(Map.of("email", email, "name", "Newcomer"))
			.send();

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		assertThat(invitations(email)).isEqualTo(1);
	}

	@Test
	void bearerTokenCallsToStaffRoutesWorkWhateverTheOrigin() {
		String email = uniqueEmail();

		Http.Response invited = http().post(INVITES)
			.bearer(adminToken())
			.header("Origin", STOREFRONT)
			.json(Map.of("email", email, "name", "Newcomer"))
			.send();

		assertThat(invited.status()).as(invited.toString()).isEqualTo(201);
		assertThat(invited.header("Access-Control-Allow-Origin")).isEmpty();
		assertThat(invitations(email)).isEqualTo(1);
		assertThat(http().post(INVITES)
			.bearer(adminToken())
			.json(Map.of("email", uniqueEmail(), "name", "Other"))
			.send()
			.status()).isEqualTo(201);
	}

	@Test
	void storefrontOriginStillUsesCustomerRoutesWithCredentials() {
		Http.Response preflight = http().method("OPTIONS", "/api/v1/me/password")
			.header("Origin", STOREFRONT)
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.send();
		assertThat(preflight.status()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(STOREFRONT);
		assertThat(preflight.header("Access-Control-Allow-Credentials")).hasValue("true");

		String token = newCustomerToken();
		Http.Response me = http().get("/api/v1/me").cookie(token).header("Origin", STOREFRONT).send();
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.header("Access-Control-Allow-Origin")).hasValue(STOREFRONT);
		assertThat(me.header("Access-Control-Allow-Credentials")).hasValue("true");

		Http.Response logout = http().post("/api/v1/auth/logout").cookie(token).header("Origin", STOREFRONT).send();
		assertThat(logout.status()).as(logout.toString()).isEqualTo(204);
		assertThat(logout.header("Access-Control-Allow-Credentials")).hasValue("true");
	}

	@Test
	void storefrontOriginMaySendTheOrderTokenHeaderButTheStaffRoutesStillRefuse() {
		Http.Response preflight = http().method("OPTIONS", "/api/v1/orders/0f8fad5b-d9cb-469f-a165-70867728950e")
			.header("Origin", STOREFRONT)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "order-token")
			.send();
		assertThat(preflight.status()).as(preflight.toString()).isEqualTo(200);
		assertThat(preflight.header("Access-Control-Allow-Origin")).hasValue(STOREFRONT);
		assertThat(preflight.header("Access-Control-Allow-Headers"))
			.hasValueSatisfying(allowed -> assertThat(allowed.toLowerCase()).contains("order-token"));

		Http.Response staff = http().method("OPTIONS", "/api/v1/admin/orders")
			.header("Origin", STOREFRONT)
			.header("Access-Control-Request-Method", "GET")
			.header("Access-Control-Request-Headers", "order-token")
			.send();
		assertThat(staff.status()).as(staff.toString()).isEqualTo(403);
		assertThat(staff.header("Access-Control-Allow-Headers")).isEmpty();
	}

	private long invitations(String email) {
		return jdbc.sql("select count(*) from staff_invites where lower(email) = lower(?)")
			.param(email)
			.query(Long.class)
			.single();
	}

	@Test
	void storefrontOriginSeesNoSessionInTheAdministratorsCookieOnTheirOwnAccountRoutes() {
		Http.Response me = http().get("/api/v1/me").cookie(adminToken()).header("Origin", STOREFRONT).send();
		Http.Response sessions = http().get("/api/v1/me/sessions")
			.cookie(adminToken())
			.header("Origin", STOREFRONT)
			.send();
		Http.Response own = http().get("/api/v1/me")
			.cookie(adminToken())
			.header("Origin", "http://localhost:" + port)
			.send();

		assertThat(me.status()).as(me.toString()).isEqualTo(401);
		assertThat(sessions.status()).as(sessions.toString()).isEqualTo(401);
		assertThat(own.status()).as(own.toString()).isEqualTo(200);
	}

}

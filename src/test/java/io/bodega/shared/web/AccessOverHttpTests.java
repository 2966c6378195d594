package io.bodega.shared.web;

import java.util.UUID;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules {@link AccessRules} derives from the controllers' {@link Access}, as the
 * running server applies them, on the edges a derived rule could miss: a session route's
 * unmapped sub-path, a path variable under it, a method-level override beside an open
 * method of one path, and the admin area whatever is mapped in it.
 */
class AccessOverHttpTests extends ApiTest {

	@Test
	void sessionRoutesAreClosedToStrangersMappedOrNot() {
		assertThat(http().get("/api/v1/me").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/me/no-such-thing").send().status()).isEqualTo(401);
		assertThat(http().delete("/api/v1/me/sessions/" + UUID.randomUUID()).send().status()).isEqualTo(401);
		assertThat(http().post("/api/v1/auth/logout").send().status()).isEqualTo(401);
		assertThat(http().get("/api/v1/orders").send().status()).isEqualTo(401);
		assertThat(http().method("HEAD", "/api/v1/orders").send().status()).isEqualTo(401);
	}

	@Test
	void theAdminAreaIsClosedToStrangersAndCustomersMappedOrNot() {
		String customer = newCustomerToken();
		for (String path : new String[] { "/api/v1/admin/orders", "/api/v1/admin/summary", "/api/v1/admin/events",
				"/api/v1/admin/no-such-thing" }) {
			assertThat(http().get(path).send().status()).as("stranger: %s", path).isEqualTo(401);
			assertThat(http().get(path).bearer(customer).send().status()).as("customer: %s", path).isEqualTo(403);
		}
		assertThat(http().get("/api/v1/admin/no-such-thing").bearer(adminToken()).send().status()).isEqualTo(404);
	}

	@Test
	void aCustomerReachesTheSessionRoutes() {
		String customer = newCustomerToken();
		assertThat(http().get("/api/v1/me").bearer(customer).send().status()).isEqualTo(200);
		assertThat(http().get("/api/v1/orders").bearer(customer).send().status()).isEqualTo(200);
	}

}

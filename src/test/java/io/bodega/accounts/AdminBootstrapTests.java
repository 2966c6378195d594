package io.bodega.accounts;

import java.time.Duration;
import java.util.List;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** The first administrator comes from the environment: created if missing, never overwritten silently. */
class AdminBootstrapTests extends ApiTest {

	@Autowired
	Users users;

	@Autowired
	PasswordHashing passwords;

	@Test
	void createsTheAdministratorOnce() {
		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?) and role = 'admin'")
			.param(ADMIN_EMAIL).query(Long.class).single()).isEqualTo(1);

		bootstrap(ADMIN_EMAIL.toUpperCase(), "Another-Admin-Passphrase-55").run(null);

		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?)").param(ADMIN_EMAIL)
			.query(Long.class).single()).isEqualTo(1);
		assertThat(login(ADMIN_EMAIL, ADMIN_PASSWORD).path("user").path("roles").get(0).asString()).isEqualTo("admin");
	}

	@Test
	void neverPromotesOrChangesAnExistingCustomer() {
		String email = register(uniqueEmail());

		bootstrap(email, "Another-Admin-Passphrase-55").run(null);

		assertThat(login(email, GOOD_PASSWORD).path("user").path("roles").toString()).isEqualTo("[\"customer\"]");
	}

	@Test
	void createsANewAdministratorWhenTheEmailIsNew() {
		String email = uniqueEmail();

		bootstrap(email, "Another-Admin-Passphrase-55").run(null);

		assertThat(login(email, "Another-Admin-Passphrase-55").path("user").path("roles").toString())
			.isEqualTo("[\"admin\"]");
	}

	@Test
	void refusesToStartWithAWeakOrHalfConfiguredAdministrator() {
		assertThatIllegalStateException().isThrownBy(() -> bootstrap(uniqueEmail(), "password1234").run(null))
			.withMessageContaining("BODEGA_ADMIN_PASSWORD");
		assertThatIllegalStateException().isThrownBy(() -> bootstrap(uniqueEmail(), "").run(null))
			.withMessageContaining("BODEGA_ADMIN_EMAIL");
		bootstrap("", "").run(null);
	}

	private AdminBootstrap bootstrap(String email, String password) {
		AccountsProperties properties = new AccountsProperties(Duration.ofDays(14), Duration.ofDays(30),
				Duration.ofMinutes(30), Duration.ofHours(12), 10, 100, Duration.ofMinutes(15), "http://localhost",
				List.of(), email, password, 0, 0, Duration.ofHours(1));
		// As with an external database, where no development administrator is made (DevelopmentAdminTests).
		DevelopmentAdmin none = new DevelopmentAdmin(users, passwords, "unused", "jdbc:postgresql://db/shop");
		return new AdminBootstrap(properties, users, passwords, none);
	}
}

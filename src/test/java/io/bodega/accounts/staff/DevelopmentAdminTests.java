package io.bodega.accounts.staff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Users;
import io.bodega.testing.ApiTest;
import io.bodega.testing.Http;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

class DevelopmentAdminTests extends ApiTest {

	@Autowired
	Users users;

	@Autowired
	PasswordHashing passwords;

	@Autowired
	DevelopmentAdminProperties shop;

	@Test
	void aDevelopmentShopGetsAnAdministratorWhosePasswordIsInTheDataDirectoryUntilItIsChanged() throws Exception {
		// The test server has BODEGA_ADMIN_EMAIL set, so it made none at start-up: this
		// is that start-up without it.
		String dataDir = shop.dataDir();
		DevelopmentAdmin development = new DevelopmentAdmin(users, passwords, properties(dataDir, ""));
		development.createIfMissing();

		Path file = Path.of(dataDir, "admin-password");
		String password = Files.readString(file).strip();
		assertThat(password).hasSizeGreaterThanOrEqualTo(40);
		assertThat(Files.getPosixFilePermissions(file)).hasSize(2); // owner read and
																	// write, nobody else
		String token = token(DevelopmentAdmin.EMAIL, password);
		assertThat(http().get("/api/v1/me").bearer(token).send().json().path("roles").get(0).asString())
			.isEqualTo("admin");
		assertThat(development.hint()).hasValueSatisfying(h -> assertThat(h.passwordFile()).isEqualTo(file.toString()));
		Http.Response hint = http().get("/api/v1/auth/development-admin").send();
		if (shop.embeddedDatabase()) {
			assertThat(hint.status()).isEqualTo(200);
			assertThat(hint.json().path("email").asString()).isEqualTo(DevelopmentAdmin.EMAIL);
		}
		else {
			assertThat(hint.status()).as("never with an external database").isEqualTo(404);
		}

		development.createIfMissing(); // a restart changes nothing
		assertThat(Files.readString(file).strip()).isEqualTo(password);

		assertThat(http().post("/api/v1/me/password")
			.bearer(token)
			.json(Map.of("currentPassword", password, "newPassword", GOOD_PASSWORD))
			.send()
			.status()).isEqualTo(204);
		assertThat(development.hint()).isEmpty();
		assertThat(http().get("/api/v1/auth/development-admin").send().status()).isEqualTo(404);
	}

	@Test
	void withAnExternalDatabaseNoneIsMade() {
		jdbc.sql("delete from users where email = ?").param(DevelopmentAdmin.EMAIL).update();
		DevelopmentAdmin production = new DevelopmentAdmin(users, passwords,
				properties(shop.dataDir(), "jdbc:postgresql://db/shop"));
		production.createIfMissing();
		assertThat(users.findByEmail(DevelopmentAdmin.EMAIL)).isEmpty();
		assertThat(production.hint()).isEmpty();
	}

	private static DevelopmentAdminProperties properties(String dataDir, String databaseUrl) {
		return new DevelopmentAdminProperties(dataDir, new DevelopmentAdminProperties.Database(databaseUrl));
	}

}

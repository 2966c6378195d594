package io.bodega.accounts.staff;

import java.time.Duration;
import java.util.List;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.audit.AuditLog;
import io.bodega.shared.Ids;
import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The first administrator comes from the environment: created only while the shop has no
 * administrator, audited, never overwritten silently, and not brought back once staff
 * removed it.
 */
class AdminBootstrapTests extends ApiTest {

	@Autowired
	Users users;

	@Autowired
	PasswordHashing passwords;

	@Autowired
	TransactionTemplate tx;

	@Autowired
	AuditLog audit;

	@Test
	void createsTheAdministratorOnce() {
		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?) and role = 'admin'")
			.param(ADMIN_EMAIL)
			.query(Long.class)
			.single()).isEqualTo(1);

		bootstrap(ADMIN_EMAIL.toUpperCase(), "Another-Admin-Passphrase-55").run(null);

		assertThat(jdbc.sql("select count(*) from users where lower(email) = lower(?)")
			.param(ADMIN_EMAIL)
			.query(Long.class)
			.single()).isEqualTo(1);
		assertThat(login(ADMIN_EMAIL, ADMIN_PASSWORD).path("user").path("roles").get(0).asString()).isEqualTo("admin");
	}

	@Test
	void neverPromotesOrChangesAnExistingCustomer() {
		String email = register(uniqueEmail());

		bootstrap(email, "Another-Admin-Passphrase-55").run(null);

		assertThat(login(email, GOOD_PASSWORD).path("user").path("roles").toString()).isEqualTo("[\"customer\"]");
	}

	@Test
	void doesNotRecreateARemovedAdministratorWhileAnotherAdministratorExists() {
		String email = uniqueEmail();
		User removed = users
			.insert(Ids.newId(), email, "Administrator", passwords.encode("Another-Admin-Passphrase-55"), Role.ADMIN,
					true)
			.orElseThrow();
		assertThat(http().delete("/api/v1/admin/staff/" + removed.id()).bearer(adminToken()).send().status())
			.isEqualTo(204);

		bootstrap(email, "Another-Admin-Passphrase-55").run(null);

		assertThat(users.findByEmail(email)).isEmpty();
		assertThat(bootstrapEntries(email)).isZero();
	}

	@Test
	void createsTheFirstAdministratorOnlyWhenTheShopHasNoneAndAuditsIt() {
		String first = uniqueEmail();
		String second = uniqueEmail();
		// The shared database has administrators: they are demoted in a transaction that
		// is rolled back, which the
		// bootstrap's own transaction joins.
		tx.executeWithoutResult(status -> {
			status.setRollbackOnly();
			jdbc.sql("update users set role = 'customer' where role = 'admin'").update();

			bootstrap(first, "Another-Admin-Passphrase-55").run(null);
			bootstrap(second, "Another-Admin-Passphrase-55").run(null);

			User created = users.findByEmail(first).orElseThrow();
			assertThat(created.role()).isEqualTo(Role.ADMIN);
			assertThat(users.findByEmail(second)).isEmpty();
			var entry = jdbc.sql("""
					select actor_id, entity_type, entity_id, after ->> 'email' from audit_log
					where action = 'staff.bootstrap' order by id desc limit 1""")
				.query((rs, n) -> List.of(String.valueOf(rs.getObject(1)), rs.getString(2), rs.getString(3),
						rs.getString(4)))
				.single();
			assertThat(entry).containsExactly("null", "staff", created.id().toString(), first);
			assertThat(bootstrapEntries(second)).isZero();
		});
		assertThat(users.findByEmail(first)).isEmpty();
	}

	private long bootstrapEntries(String email) {
		return jdbc.sql("select count(*) from audit_log where action = 'staff.bootstrap' and after ->> 'email' = ?")
			.param(email)
			.query(Long.class)
			.single();
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
		// As with an external database, where no development administrator is made
		// (DevelopmentAdminTests).
		DevelopmentAdmin none = new DevelopmentAdmin(users, passwords, new DevelopmentAdminProperties("unused",
				new DevelopmentAdminProperties.Database("jdbc:postgresql://db/shop")));
		return new AdminBootstrap(properties, users, passwords, none, jdbc, tx, audit);
	}

}

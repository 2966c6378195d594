package io.bodega.accounts.staff;

import java.util.Map;
import java.util.Optional;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.audit.AuditLog;
import io.bodega.shared.Ids;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.db.AdvisoryLocks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.StringUtils;

/**
 * Creates the first administrator from
 * {@code BODEGA_ADMIN_EMAIL}/{@code BODEGA_ADMIN_PASSWORD} at start-up, only while the
 * shop has no administrator at all: once staff exist they are managed in the shop
 * (invited, removed), and an administrator they removed must not come back at the next
 * start. An existing account is never changed: its password stays, and a customer is
 * never promoted. The creation is in the audit log, by the system. Several nodes starting
 * at once are serialised by an advisory lock, under which each checks again for an
 * administrator, so at most one is created (even if the nodes were given different
 * e-mails). Without either variable, a development shop gets its
 * {@link DevelopmentAdmin}.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private static final String LOCK = "accounts\nadmin-bootstrap";

	private final AccountsProperties properties;

	private final Users users;

	private final PasswordHashing passwords;

	private final DevelopmentAdmin developmentAdmin;

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final AuditLog audit;

	AdminBootstrap(AccountsProperties properties, Users users, PasswordHashing passwords,
			DevelopmentAdmin developmentAdmin, JdbcClient jdbc, TransactionTemplate tx, AuditLog audit) {
		this.properties = properties;
		this.users = users;
		this.passwords = passwords;
		this.developmentAdmin = developmentAdmin;
		this.jdbc = jdbc;
		this.tx = tx;
		this.audit = audit;
	}

	@Override
	public void run(ApplicationArguments args) {
		String email = properties.adminEmail();
		String password = properties.adminPassword();
		if (!StringUtils.hasText(email) && !StringUtils.hasText(password)) {
			developmentAdmin.createIfMissing();
			return;
		}
		if (!StringUtils.hasText(email) || !StringUtils.hasText(password)) {
			throw new IllegalStateException("Set both BODEGA_ADMIN_EMAIL and BODEGA_ADMIN_PASSWORD, or neither");
		}
		email = email.strip();
		try {
			passwords.check("BODEGA_ADMIN_PASSWORD", password, email);
		}
		catch (ValidationFailed e) {
			throw new IllegalStateException("BODEGA_ADMIN_PASSWORD " + e.errors().getFirst().message());
		}
		if (anyAdministrator()) {
			left(email);
			return;
		}
		// Hashed before the transaction: the lock is held only for the check and the
		// insert.
		String hash = passwords.encode(password);
		String admin = email;
		Optional<User> created = tx.execute(status -> create(admin, hash));
		if (created.isPresent()) {
			log.info("Created the administrator account {}: the shop had none", email);
		}
		else {
			left(email);
		}
	}

	private Optional<User> create(String email, String hash) {
		AdvisoryLocks.lockForTransaction(jdbc, LOCK);
		if (anyAdministrator()) {
			return Optional.empty(); // another node made one while this one was hashing
		}
		Optional<User> user = users.insert(Ids.newId(), email, "Administrator", hash, Role.ADMIN, true);
		user.ifPresent(u -> audit.record(null, "staff.bootstrap", "staff", u.id().toString(), null,
				Map.of("email", u.email(), "name", u.name(), "source", "BODEGA_ADMIN_EMAIL")));
		return user;
	}

	private boolean anyAdministrator() {
		return jdbc.sql("select exists (select 1 from users where role = 'admin')").query(Boolean.class).single();
	}

	/**
	 * Says in the log why {@code email} was not created, when that may surprise the
	 * operator.
	 */
	private void left(String email) {
		Optional<User> existing = users.findByEmail(email);
		if (existing.isEmpty()) {
			log.info("BODEGA_ADMIN_EMAIL {} has no account and was not created: the shop has administrators, who "
					+ "invite new ones", email);
		}
		else if (existing.get().role() != Role.ADMIN) {
			log.warn("BODEGA_ADMIN_EMAIL {} belongs to an existing customer account; it was left unchanged", email);
		}
	}

}

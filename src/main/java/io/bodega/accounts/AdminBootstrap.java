package io.bodega.accounts;

import io.bodega.shared.Ids;
import io.bodega.shared.ValidationFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Creates the first administrator from {@code BODEGA_ADMIN_EMAIL}/{@code BODEGA_ADMIN_PASSWORD} at start-up when
 * no account has that e-mail. An existing account is never changed: its password stays, and if it is not an admin
 * the log says so. Safe when several nodes start at once (the unique e-mail decides). Without either, a development
 * shop gets its {@link DevelopmentAdmin}.
 */
@Component
class AdminBootstrap implements ApplicationRunner {

	private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);

	private final AccountsProperties properties;
	private final Users users;
	private final PasswordHashing passwords;
	private final DevelopmentAdmin developmentAdmin;

	AdminBootstrap(AccountsProperties properties, Users users, PasswordHashing passwords,
			DevelopmentAdmin developmentAdmin) {
		this.properties = properties;
		this.users = users;
		this.passwords = passwords;
		this.developmentAdmin = developmentAdmin;
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
		var existing = users.findByEmail(email.strip());
		if (existing.isPresent()) {
			if (existing.get().role() != Role.ADMIN) {
				log.warn("BODEGA_ADMIN_EMAIL {} belongs to an existing customer account; it was left unchanged", email);
			}
			return;
		}
		try {
			passwords.check("BODEGA_ADMIN_PASSWORD", password, email);
		}
		catch (ValidationFailed e) {
			throw new IllegalStateException("BODEGA_ADMIN_PASSWORD " + e.errors().getFirst().message());
		}
		if (users.insert(Ids.newId(), email.strip(), "Administrator", passwords.encode(password), Role.ADMIN, true)
			.isPresent()) {
			log.info("Created the administrator account {}", email);
		}
		else {
			log.info("The administrator account {} was created by another node", email);
		}
	}
}

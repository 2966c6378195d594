package io.bodega.accounts.staff;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.Users;
import io.bodega.shared.Ids;
import io.bodega.shared.keys.SecretFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The administrator of a development shop. With the embedded database and no
 * {@code BODEGA_ADMIN_EMAIL}, the README's one command would start a shop nobody can run;
 * so Bodega makes {@value #EMAIL} once, with a random password kept in
 * {@code BODEGA_DATA_DIR/admin-password} (readable by its owner only), and the console's
 * sign-in page says where to find it for as long as that password is unchanged. Whoever
 * may read the data directory owns the embedded database anyway; the password itself
 * never leaves the machine. With an external database nothing of this happens.
 */
@Component
public class DevelopmentAdmin {

	static final String EMAIL = "admin@bodega.localhost";

	private static final Logger log = LoggerFactory.getLogger(DevelopmentAdmin.class);

	/** What the sign-in page may tell: the e-mail and where its password is kept. */
	@Schema(name = "DevelopmentAdmin")
	public record Hint(String email, String passwordFile) {
	}

	private final Users users;

	private final PasswordHashing passwords;

	private final Path passwordFile;

	private final boolean development;

	DevelopmentAdmin(Users users, PasswordHashing passwords, DevelopmentAdminProperties properties) {
		this.users = users;
		this.passwords = passwords;
		this.passwordFile = Path.of(properties.dataDir(), "admin-password").toAbsolutePath().normalize();
		this.development = properties.embeddedDatabase();
	}

	/**
	 * Makes the account once per data directory; called at start-up when no first
	 * administrator is configured. Once the password file exists the account is not made
	 * again, so staff who removed it do not see it come back.
	 */
	void createIfMissing() {
		if (!development || Files.exists(passwordFile) || users.findByEmail(EMAIL).isPresent()) {
			return;
		}
		String password = SecretFile.readOrCreate(passwordFile);
		if (users.insert(Ids.newId(), EMAIL, "Administrator", passwords.encode(password), Role.ADMIN, true)
			.isPresent()) {
			log.warn("Development mode: the administrator {} was created; its password is in {}", EMAIL, passwordFile);
		}
	}

	public Optional<Hint> hint() {
		if (!development || !Files.isRegularFile(passwordFile) || !users.adminWithFirstPassword(EMAIL)) {
			return Optional.empty();
		}
		return Optional.of(new Hint(EMAIL, passwordFile.toString()));
	}

}

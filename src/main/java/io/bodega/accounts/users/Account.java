package io.bodega.accounts.users;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A user as the API shows it: never the password's hash. */
public record Account(UUID id, String email, String name, List<String> roles, boolean emailVerified,
		Instant createdAt) {

	/** What an account's e-mail must look like, beyond Bean Validation's own check. */
	public static final String EMAIL_PATTERN = "[^@\\s]+@[^@\\s]+\\.[^@\\s]+";

	public static Account of(User user) {
		return new Account(user.id(), user.email(), user.name(), user.role().roles(), user.emailVerified(),
				user.createdAt());
	}

}

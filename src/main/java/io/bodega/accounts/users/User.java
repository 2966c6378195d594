package io.bodega.accounts.users;

import java.time.Instant;
import java.util.UUID;

/**
 * A person with an account. Immutable: changes go through {@link Users} as explicit
 * statements.
 */
public record User(UUID id, String email, String name, String passwordHash, Role role, boolean emailVerified,
		Instant createdAt) {
}

package io.bodega.shared;

import java.util.List;
import java.util.UUID;

/**
 * The signed-in caller of a request, as every module sees it: the Spring Security
 * principal set by the accounts module from a server-side session. Controllers take it
 * with {@code @AuthenticationPrincipal}.
 */
public record CurrentUser(UUID id, UUID sessionId, String email, List<String> roles) {

	public boolean isAdmin() {
		return roles.contains("admin");
	}
}

package io.bodega.accounts.users;

import java.util.List;
import java.util.Locale;

/** What a user may do. Admins manage the shop under {@code /api/v1/admin/**}. */
public enum Role {

	CUSTOMER, ADMIN;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static Role of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	public List<String> roles() {
		return List.of(value());
	}

}

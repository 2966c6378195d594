package io.bodega.accounts;

import java.util.List;
import java.util.Locale;

/** What a user may do. Admins manage the shop under {@code /api/v1/admin/**}. */
enum Role {

	CUSTOMER, ADMIN;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static Role of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	List<String> roles() {
		return List.of(value());
	}

}

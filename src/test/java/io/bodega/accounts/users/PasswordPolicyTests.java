package io.bodega.accounts.users;

import io.bodega.shared.ValidationFailed;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * zxcvbn judges only a password's first 100 characters, so its work stays bounded
 * whatever the length.
 */
class PasswordPolicyTests {

	private static final String STRONG = "Tangerine-Velvet-Lighthouse-93";

	private final PasswordPolicy policy = new PasswordPolicy();

	@Test
	void acceptsALongPasswordWhoseFirstHundredCharactersAreStrong() {
		assertThatCode(() -> policy.check("password", STRONG + "a".repeat(226))).doesNotThrowAnyException();
	}

	@Test
	void judgesOnlyTheFirstHundredCharacters() {
		String weakStart = "a".repeat(100) + STRONG;

		assertThatThrownBy(() -> policy.check("password", weakStart)).isInstanceOf(ValidationFailed.class)
			.hasMessageContaining("password");
	}

}

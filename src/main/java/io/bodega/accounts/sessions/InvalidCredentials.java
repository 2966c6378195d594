package io.bodega.accounts.sessions;

import io.bodega.shared.DomainException;

/**
 * Wrong e-mail or wrong password: one answer for both, so nobody learns which e-mails
 * have accounts.
 */
class InvalidCredentials extends DomainException {

	InvalidCredentials() {
		super(Kind.UNAUTHENTICATED, "invalid_credentials", "The e-mail or password is not correct");
	}

}

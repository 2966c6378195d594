package io.bodega.accounts;

import io.bodega.shared.DomainException;

class EmailTaken extends DomainException {

	EmailTaken() {
		super(Kind.CONFLICT, "email_taken", "An account with this e-mail address already exists");
	}

}

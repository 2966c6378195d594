package io.bodega.accounts.users;

import io.bodega.shared.DomainException;

public class EmailTaken extends DomainException {

	public EmailTaken() {
		super(Kind.CONFLICT, "email_taken", "An account with this e-mail address already exists");
	}

}

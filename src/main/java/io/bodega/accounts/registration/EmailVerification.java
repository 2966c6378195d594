package io.bodega.accounts.registration;

import java.util.UUID;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.OneTimeTokens;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.notifications.Mailer;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** A customer proves the e-mail address by a mailed, single-use link. */
@Service
public class EmailVerification {

	private final Users users;

	private final OneTimeTokens tokens;

	private final Mailer mailer;

	private final TransactionTemplate tx;

	private final AccountsProperties properties;

	EmailVerification(Users users, OneTimeTokens tokens, Mailer mailer, TransactionTemplate tx,
			AccountsProperties properties) {
		this.users = users;
		this.tokens = tokens;
		this.mailer = mailer;
		this.tx = tx;
		this.properties = properties;
	}

	public void verify(String token) {
		tx.executeWithoutResult(status -> {
			UUID userId = tokens.spend(token, OneTimeTokens.Purpose.EMAIL_VERIFICATION)
				.orElseThrow(OneTimeTokens::invalid);
			users.markEmailVerified(userId);
		});
	}

	/**
	 * Mails a new verification link unless the address is verified or a link went out
	 * within the last minute.
	 */
	public void resend(CurrentUser caller) {
		User user = users.findById(caller.id()).orElseThrow(() -> new NotFound("The account"));
		if (!user.emailVerified()) {
			tx.executeWithoutResult(status -> {
				users.lock(user.id());
				if (!tokens.issuedRecently(user.id(), OneTimeTokens.Purpose.EMAIL_VERIFICATION)) {
					send(user);
				}
			});
		}
	}

	/** Issues a link and mails it, in the caller's transaction. */
	void send(User user) {
		String token = tokens.issue(user.id(), OneTimeTokens.Purpose.EMAIL_VERIFICATION);
		mailer.send(user.email(), "Confirm your e-mail address for Bodega",
				"Hello " + user.name()
						+ ",\n\nplease confirm your e-mail address by opening this link within 48 hours:\n\n"
						+ properties.publicUrl() + "/verify-email?token=" + token + "\n");
	}

}

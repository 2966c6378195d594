package io.bodega.accounts.sessions;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.OneTimeTokens;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.notifications.Mailer;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A signed-in user changes the password. It sits with signing in because it is one more
 * way to guess the password: a stolen session must be no unthrottled way to do it.
 */
@Service
public class PasswordChange {

	private final Users users;

	private final Sessions sessions;

	private final PasswordCheck check;

	private final PasswordHashing passwords;

	private final OneTimeTokens tokens;

	private final Mailer mailer;

	private final TransactionTemplate tx;

	private final AccountsProperties properties;

	PasswordChange(Users users, Sessions sessions, PasswordCheck check, PasswordHashing passwords, OneTimeTokens tokens,
			Mailer mailer, TransactionTemplate tx, AccountsProperties properties) {
		this.users = users;
		this.sessions = sessions;
		this.check = check;
		this.passwords = passwords;
		this.tokens = tokens;
		this.mailer = mailer;
		this.tx = tx;
		this.properties = properties;
	}

	/**
	 * Changes the password after checking the current one; every other session of the
	 * user ends. A wrong current password counts as a failed sign-in of the account from
	 * {@code ipAddress}; past the limits the answer is 429.
	 */
	public void change(CurrentUser caller, String currentPassword, String newPassword, String ipAddress) {
		User user = users.findById(caller.id()).orElseThrow(() -> new NotFound("The account"));
		LoginThrottle.Attempt attempt = check.begin("password-change", LoginThrottle.key(user.email()), user.id(),
				ipAddress);
		if (!check.matches(attempt, currentPassword, user.passwordHash())) {
			throw PasswordCheck.refused(attempt, new ValidationFailed("currentPassword", "is not correct"),
					"password-change", user.id(), ipAddress,
					() -> SecurityLog.passwordChangeFailed(user.id(), ipAddress));
		}
		check.succeeded(attempt);
		passwords.check("newPassword", newPassword, user.email(), user.name());
		String hash = passwords.encode(newPassword);
		tx.executeWithoutResult(status -> {
			if (!users.replacePassword(user.id(), user.passwordHash(), hash)) {
				throw new ValidationFailed("currentPassword", "is not correct");
			}
			sessions.endAllExcept(user.id(), caller.sessionId());
			// A reset link mailed before the change would otherwise still set a password
			// of its holder's choosing.
			tokens.spendAll(user.id(), OneTimeTokens.Purpose.PASSWORD_RESET);
			mailer.send(user.email(), "Your Bodega password was changed",
					"Hello " + user.name() + ",\n\nthe password of your account was just changed. If this was not you, "
							+ "reset it now: " + properties.publicUrl() + "/reset-password\n");
		});
		SecurityLog.passwordChanged(user.id(), ipAddress);
	}

}

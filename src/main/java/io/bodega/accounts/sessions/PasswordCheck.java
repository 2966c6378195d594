package io.bodega.accounts.sessions;

import java.util.UUID;

import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.shared.DomainException;
import io.bodega.shared.RateLimited;

import org.springframework.stereotype.Component;

/**
 * A password checked under the sign-in throttle: signing in and changing the password
 * both guess at an account's password, so both count as attempts of the account from the
 * caller's address and both are refused past the limits (see {@link LoginThrottle}).
 */
@Component
class PasswordCheck {

	private final LoginThrottle throttle;

	private final PasswordHashing passwords;

	PasswordCheck(LoginThrottle throttle, PasswordHashing passwords) {
		this.throttle = throttle;
		this.passwords = passwords;
	}

	/**
	 * Begins a throttled password check of {@code action}; a refusal by the throttle goes
	 * to the security log.
	 */
	LoginThrottle.Attempt begin(String action, String email, UUID user, String ipAddress) {
		try {
			return throttle.begin(email, ipAddress);
		}
		catch (RateLimited throttled) {
			SecurityLog.throttled(action, user, ipAddress);
			throw throttled;
		}
	}

	/**
	 * Checks a password for a throttled attempt; one the server was too busy to check is
	 * no failure.
	 */
	boolean matches(LoginThrottle.Attempt attempt, String password, String hash) {
		try {
			return passwords.matches(password, hash);
		}
		catch (RateLimited busy) {
			throttle.abandon(attempt);
			throw busy;
		}
	}

	/** The password was right: the account's failures are forgotten. */
	void succeeded(LoginThrottle.Attempt attempt) {
		throttle.succeeded(attempt);
	}

	/**
	 * What a wrong password of {@code action} is answered ({@code refusal}, or 429 while
	 * the account is locked), with the security log's line for it: {@code failed} logs
	 * the plain failure.
	 */
	static DomainException refused(LoginThrottle.Attempt attempt, DomainException refusal, String action, UUID user,
			String ipAddress, Runnable failed) {
		DomainException failure = attempt.failure(refusal);
		if (failure instanceof RateLimited) {
			SecurityLog.throttled(action, user, ipAddress);
		}
		else {
			failed.run();
		}
		return failure;
	}

}

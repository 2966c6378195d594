package io.bodega.accounts.registration;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.bodega.accounts.sessions.LoginThrottle;
import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.OneTimeTokens;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.PasswordPolicy;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.notifications.Mailer;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A forgotten password: a reset link is mailed, and the link sets a new password. Proving
 * the mailbox this way also verifies the e-mail and lifts the sign-in lock.
 */
@Service
public class PasswordReset {

	private static final Logger log = LoggerFactory.getLogger(PasswordReset.class);

	/**
	 * Reset requests whose work may run at once: well below the connection pool, so a
	 * flood leaves room for the rest.
	 */
	private static final int WORK_IN_FLIGHT = 8;

	private static final Duration WORK_WAIT = Duration.ofSeconds(5);

	private final Semaphore work = new Semaphore(WORK_IN_FLIGHT);

	private final Users users;

	private final OneTimeTokens tokens;

	private final PasswordHashing passwords;

	private final Sessions sessions;

	private final LoginThrottle throttle;

	private final Mailer mailer;

	private final TransactionTemplate tx;

	private final AccountsProperties properties;

	PasswordReset(Users users, OneTimeTokens tokens, PasswordHashing passwords, Sessions sessions,
			LoginThrottle throttle, Mailer mailer, TransactionTemplate tx, AccountsProperties properties) {
		this.users = users;
		this.tokens = tokens;
		this.passwords = passwords;
		this.sessions = sessions;
		this.throttle = throttle;
		this.mailer = mailer;
		this.tx = tx;
		this.properties = properties;
	}

	/**
	 * Mails a reset link when the e-mail has an account; says nothing either way. Returns
	 * at once and does the work on a virtual thread: a known e-mail costs a write
	 * transaction and an unknown one a single select, and the answer's timing must not
	 * tell them apart. At most a few requests' work runs at a time, so a flood of
	 * requests cannot take every database connection; a request that finds no room within
	 * a few seconds is dropped.
	 */
	public void request(String email) {
		if (!acquire(work, WORK_WAIT)) {
			log.warn("Password reset requests arrive faster than they can be handled; one was dropped");
			return;
		}
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		Thread.ofVirtual().name("password-reset").start(() -> {
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				mailLink(email);
			}
			catch (RuntimeException e) {
				log.warn("A password reset request failed", e);
			}
			finally {
				work.release();
			}
		});
	}

	/**
	 * The work of a reset request: at most one link a minute per account, however many
	 * requests race.
	 */
	void mailLink(String email) {
		users.findByEmail(email.strip()).ifPresent(user -> tx.executeWithoutResult(status -> {
			SecurityLog.passwordResetRequested(user.id());
			users.lock(user.id());
			if (tokens.issuedRecently(user.id(), OneTimeTokens.Purpose.PASSWORD_RESET)) {
				return;
			}
			String token = tokens.issue(user.id(), OneTimeTokens.Purpose.PASSWORD_RESET);
			mailer.send(user.email(), "Reset your Bodega password",
					"Hello " + user.name() + ",\n\nto choose a new password, open this link within 30 minutes:\n\n"
							+ properties.publicUrl() + "/reset-password?token=" + token
							+ "\n\nIf you did not ask for this, ignore this mail; your password stays as it is.\n");
		}));
	}

	/**
	 * Sets a new password with a mailed token; all sessions end and the sign-in lock
	 * lifts.
	 */
	public void reset(String token, String newPassword) {
		if (newPassword == null || newPassword.length() > PasswordPolicy.MAX_LENGTH) {
			throw new ValidationFailed("newPassword", "must be between 12 and 256 characters");
		}
		// The token is only looked at here and spent below with the hash in hand:
		// hashing, and waiting for its gate, must not hold a database connection. A
		// refused password leaves the link usable.
		UUID holder = tokens.holder(token, OneTimeTokens.Purpose.PASSWORD_RESET).orElseThrow(() -> {
			SecurityLog.passwordResetRefused();
			return OneTimeTokens.invalid();
		});
		User user = users.findById(holder).orElseThrow(() -> new NotFound("The account"));
		passwords.check("newPassword", newPassword, user.email(), user.name());
		String hash = passwords.encode(newPassword);
		tx.executeWithoutResult(status -> {
			UUID userId = tokens.spend(token, OneTimeTokens.Purpose.PASSWORD_RESET)
				.filter(holder::equals)
				.orElseThrow(OneTimeTokens::invalid);
			users.changePassword(userId, hash);
			users.markEmailVerified(userId);
			tokens.spendAll(userId, OneTimeTokens.Purpose.PASSWORD_RESET);
			sessions.endAll(userId);
			throttle.clearAccount(LoginThrottle.key(user.email()));
		});
		SecurityLog.passwordReset(holder);
	}

	private static boolean acquire(Semaphore permits, Duration wait) {
		try {
			return permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}

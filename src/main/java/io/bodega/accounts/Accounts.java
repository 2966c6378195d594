package io.bodega.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.bodega.notifications.Mailer;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.RateLimited;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.db.RateLimits;
import io.bodega.shared.web.Admission;
import io.bodega.shared.web.ClientAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.context.ApplicationEventPublisher;

/**
 * The accounts facade: sign-up, sign-in and sessions, passwords, e-mail verification.
 * Password hashing (Argon2id, tens of milliseconds on purpose) always happens outside a
 * database transaction, so it never holds a connection.
 */
@Service
public class Accounts {

	/** A signed-in user as the API shows it. */
	public record Account(UUID id, String email, String name, List<String> roles, boolean emailVerified,
			Instant createdAt) {

		static Account of(User user) {
			return new Account(user.id(), user.email(), user.name(), user.role().roles(), user.emailVerified(),
					user.createdAt());
		}
	}

	/** A new session: the token is shown once, here, and never stored. */
	public record SignedIn(String token, Instant expiresAt, Account user, UUID sessionId) {
	}

	private static final Logger log = LoggerFactory.getLogger(Accounts.class);

	/**
	 * Reset requests whose work may run at once: well below the connection pool, so a
	 * flood leaves room for the rest.
	 */
	private static final int RESET_WORK_IN_FLIGHT = 8;

	private static final Duration RESET_WORK_WAIT = Duration.ofSeconds(5);

	/**
	 * Sign-ups running at once on a node: each holds a database connection at times, and
	 * they arrive at will.
	 */
	static final int REGISTRATIONS_AT_ONCE = 2;

	private final ApplicationEventPublisher events;

	private final Users users;

	private final Sessions sessions;

	private final LoginThrottle throttle;

	private final OneTimeTokens tokens;

	private final PasswordHashing passwords;

	private final Mailer mailer;

	private final TransactionTemplate tx;

	private final AccountsProperties properties;

	private final CompletableFuture<String> unknownUserHash;

	private final Semaphore resetWork = new Semaphore(RESET_WORK_IN_FLIGHT);

	private final RateLimits rateLimits;

	private final RateLimits.Limit registrationsPerAddress;

	private final RateLimits.Limit registrationsInAll;

	private final Admission registrations = new Admission(REGISTRATIONS_AT_ONCE, Duration.ofSeconds(5),
			"Too many sign-ups at once on this server");

	Accounts(Users users, Sessions sessions, LoginThrottle throttle, OneTimeTokens tokens, PasswordHashing passwords,
			Mailer mailer, TransactionTemplate tx, AccountsProperties properties, ApplicationEventPublisher events,
			RateLimits rateLimits) {
		this.rateLimits = rateLimits;
		this.registrationsPerAddress = new RateLimits.Limit("registration-address", properties.registerAddressLimit(),
				properties.registerWindow(), "Too many sign-ups from your address; try again later");
		this.registrationsInAll = new RateLimits.Limit("registration", properties.registerLimit(),
				properties.registerWindow(), "Too many sign-ups at the moment; try again later");
		this.events = events;
		this.users = users;
		this.sessions = sessions;
		this.throttle = throttle;
		this.tokens = tokens;
		this.passwords = passwords;
		this.mailer = mailer;
		this.tx = tx;
		this.properties = properties;
		// Checked against when the e-mail is unknown, so that answer takes as long as a
		// wrong password. Made in the
		// background: a cold Argon2 hash would otherwise add to start-up time.
		this.unknownUserHash = CompletableFuture.supplyAsync(() -> passwords.encode(Ids.newSecret()),
				runnable -> Thread.ofVirtual().start(runnable));
	}

	/**
	 * The e-mail address of every administrator: for mail about the shop's own operation,
	 * such as a failing webhook.
	 */
	public List<String> administratorEmails() {
		return users.administratorEmails();
	}

	/**
	 * Creates a customer account and mails a verification link. Anyone may ask for any
	 * number of sign-ups, so they are bounded three ways: at most
	 * {@value #REGISTRATIONS_AT_ONCE} at once on a node (the rest wait their turn, then
	 * 429), so a flood holds no more database connections than that; per client address,
	 * counted before any password work, so every attempt counts (the work it would cost
	 * is what the limit protects); and in all, counting only the sign-ups that happen, so
	 * nobody can use up the shop's allowance with attempts that fail.
	 */
	public Account register(String email, String password, String name, String clientAddress) {
		return registrations.run(() -> {
			String cleanEmail = email.strip();
			String cleanName = name.strip();
			tx.executeWithoutResult(status -> rateLimits
				.claim(new RateLimits.Claim(registrationsPerAddress, ClientAddress.key(clientAddress), null)));
			passwords.forRegistration().check("password", password, cleanEmail, cleanName);
			String hash = passwords.forRegistration().encode(password);
			Account account = tx.execute(status -> {
				rateLimits.claim(new RateLimits.Claim(registrationsInAll, "all", null));
				// A taken e-mail is no error for the database either, so its server log
				// never records the address.
				User user = users.insert(Ids.newId(), cleanEmail, cleanName, hash, Role.CUSTOMER, false)
					.orElseThrow(() -> {
						SecurityLog.registrationRefused("email_taken", clientAddress);
						return new EmailTaken();
					});
				sendVerification(user);
				events.publishEvent(new CustomerRegistered(user.id(), user.email()));
				return Account.of(user);
			});
			SecurityLog.registered(account.id(), clientAddress);
			return account;
		});
	}

	/**
	 * Signs in. Unknown e-mail and wrong password give the same answer after the same
	 * work; failures are counted per account and per address, and past the limits the
	 * answer is 429 whatever the password, except that the owner may still sign in from
	 * an address it signed in from before (see {@link LoginThrottle}).
	 */
	public SignedIn signIn(String email, String password, String userAgent, String ipAddress, String guestCartId) {
		String key = LoginThrottle.key(email);
		// A throttled attempt costs no more than the throttle's own statements: its
		// account is not looked up to log it.
		LoginThrottle.Attempt attempt = begin("sign-in", key, null, ipAddress);
		Optional<User> user = users.findByEmail(key);
		String hash = user.map(User::passwordHash).orElseGet(unknownUserHash::join);
		boolean matches = check(attempt, password, hash);
		UUID userId = user.map(User::id).orElse(null);
		if (user.isEmpty() || !matches) {
			throw refused(attempt, new InvalidCredentials(), "sign-in", userId, ipAddress,
					() -> SecurityLog.signInFailed(userId, ipAddress));
		}
		// Empty when the password was reset or changed while it was being checked: it is
		// no longer right.
		Sessions.Started session = sessions.start(user.get(), hash, userAgent, ipAddress)
			.orElseThrow(() -> refused(attempt, new InvalidCredentials(), "sign-in", userId, ipAddress,
					() -> SecurityLog.signInFailed(userId, ipAddress)));
		throttle.succeeded(attempt);
		SecurityLog.signedIn(user.get().id(), ipAddress);
		events.publishEvent(new UserSignedIn(user.get().id(), guestCartId));
		return new SignedIn(session.token(), session.expiresAt(), Account.of(user.get()), session.id());
	}

	/** Sign-ups waiting for their turn on this node now. */
	int registrationsWaiting() {
		return registrations.waiting();
	}

	public void signOut(CurrentUser caller) {
		sessions.end(caller.id(), caller.sessionId());
		SecurityLog.sessionEnded(caller.id(), caller.sessionId(), "signed_out");
	}

	/**
	 * Begins a throttled password check of {@code action}; a refusal by the throttle goes
	 * to the security log.
	 */
	private LoginThrottle.Attempt begin(String action, String email, UUID user, String ipAddress) {
		try {
			return throttle.begin(email, ipAddress);
		}
		catch (RateLimited throttled) {
			SecurityLog.throttled(action, user, ipAddress);
			throw throttled;
		}
	}

	/**
	 * What a wrong password of {@code action} is answered ({@code refusal}, or 429 while
	 * the account is locked), with the security log's line for it: {@code failed} logs
	 * the plain failure.
	 */
	private static DomainException refused(LoginThrottle.Attempt attempt, DomainException refusal, String action,
			UUID user, String ipAddress, Runnable failed) {
		DomainException failure = attempt.failure(refusal);
		if (failure instanceof RateLimited) {
			SecurityLog.throttled(action, user, ipAddress);
		}
		else {
			failed.run();
		}
		return failure;
	}

	public Account account(CurrentUser caller) {
		return users.findById(caller.id()).map(Account::of).orElseThrow(() -> new NotFound("The account"));
	}

	/**
	 * Changes the password after checking the current one; every other session of the
	 * user ends. A wrong current password counts as a failed sign-in of the account from
	 * {@code ipAddress}, so a stolen session is no unthrottled way to guess the password;
	 * past the limits the answer is 429.
	 */
	public void changePassword(CurrentUser caller, String currentPassword, String newPassword, String ipAddress) {
		User user = users.findById(caller.id()).orElseThrow(() -> new NotFound("The account"));
		LoginThrottle.Attempt attempt = begin("password-change", LoginThrottle.key(user.email()), user.id(), ipAddress);
		if (!check(attempt, currentPassword, user.passwordHash())) {
			throw refused(attempt, new ValidationFailed("currentPassword", "is not correct"), "password-change",
					user.id(), ipAddress, () -> SecurityLog.passwordChangeFailed(user.id(), ipAddress));
		}
		throttle.succeeded(attempt);
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

	/**
	 * Mails a reset link when the e-mail has an account; says nothing either way. Returns
	 * at once and does the work on a virtual thread: a known e-mail costs a write
	 * transaction and an unknown one a single select, and the answer's timing must not
	 * tell them apart. At most a few requests' work runs at a time, so a flood of
	 * requests cannot take every database connection; a request that finds no room within
	 * a few seconds is dropped.
	 */
	public void requestPasswordReset(String email) {
		if (!acquire(resetWork, RESET_WORK_WAIT)) {
			log.warn("Password reset requests arrive faster than they can be handled; one was dropped");
			return;
		}
		Map<String, String> logContext = MDC.getCopyOfContextMap();
		Thread.ofVirtual().name("password-reset").start(() -> {
			if (logContext != null) {
				MDC.setContextMap(logContext);
			}
			try {
				mailResetLink(email);
			}
			catch (RuntimeException e) {
				log.warn("A password reset request failed", e);
			}
			finally {
				resetWork.release();
			}
		});
	}

	/**
	 * The work of a reset request: at most one link a minute per account, however many
	 * requests race.
	 */
	void mailResetLink(String email) {
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
	public void resetPassword(String token, String newPassword) {
		if (newPassword == null || newPassword.length() > PasswordPolicy.MAX_LENGTH) {
			throw new ValidationFailed("newPassword", "must be between 12 and 256 characters");
		}
		// The token is only looked at here and spent below with the hash in hand:
		// hashing, and waiting for its gate,
		// must not hold a database connection. A refused password leaves the link usable.
		UUID holder = tokens.holder(token, OneTimeTokens.Purpose.PASSWORD_RESET).orElseThrow(() -> {
			SecurityLog.passwordResetRefused();
			return invalidToken();
		});
		User user = users.findById(holder).orElseThrow(() -> new NotFound("The account"));
		passwords.check("newPassword", newPassword, user.email(), user.name());
		String hash = passwords.encode(newPassword);
		tx.executeWithoutResult(status -> {
			UUID userId = tokens.spend(token, OneTimeTokens.Purpose.PASSWORD_RESET)
				.filter(holder::equals)
				.orElseThrow(Accounts::invalidToken);
			users.changePassword(userId, hash);
			users.markEmailVerified(userId);
			tokens.spendAll(userId, OneTimeTokens.Purpose.PASSWORD_RESET);
			sessions.endAll(userId);
			throttle.clearAccount(LoginThrottle.key(user.email()));
		});
		SecurityLog.passwordReset(holder);
	}

	public void verifyEmail(String token) {
		tx.executeWithoutResult(status -> {
			UUID userId = tokens.spend(token, OneTimeTokens.Purpose.EMAIL_VERIFICATION)
				.orElseThrow(Accounts::invalidToken);
			users.markEmailVerified(userId);
		});
	}

	/**
	 * Mails a new verification link unless the address is verified or a link went out
	 * within the last minute.
	 */
	public void resendVerification(CurrentUser caller) {
		User user = users.findById(caller.id()).orElseThrow(() -> new NotFound("The account"));
		if (!user.emailVerified()) {
			tx.executeWithoutResult(status -> {
				users.lock(user.id());
				if (!tokens.issuedRecently(user.id(), OneTimeTokens.Purpose.EMAIL_VERIFICATION)) {
					sendVerification(user);
				}
			});
		}
	}

	List<Sessions.Listed> sessions(CurrentUser caller) {
		return sessions.live(caller.id());
	}

	public void endSession(CurrentUser caller, UUID sessionId) {
		if (sessionId == null || !sessions.end(caller.id(), sessionId)) {
			throw new NotFound("The session");
		}
		SecurityLog.sessionEnded(caller.id(), sessionId, "ended_by_user");
	}

	/**
	 * Which of these sessions are still live (not ended, expired or idle past their
	 * limit), in one query and without counting as their activity: a long-lived
	 * connection such as a live event stream asks this every few seconds and must neither
	 * keep its session alive nor outlive it.
	 */
	public Set<UUID> liveSessions(Collection<UUID> sessionIds) {
		return sessions.stillLive(sessionIds);
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

	/**
	 * Checks a password for a throttled attempt; one the server was too busy to check is
	 * no failure.
	 */
	private boolean check(LoginThrottle.Attempt attempt, String password, String hash) {
		try {
			return passwords.matches(password, hash);
		}
		catch (RateLimited busy) {
			throttle.abandon(attempt);
			throw busy;
		}
	}

	private static ValidationFailed invalidToken() {
		return new ValidationFailed("token", "is invalid, expired or already used");
	}

	private void sendVerification(User user) {
		String token = tokens.issue(user.id(), OneTimeTokens.Purpose.EMAIL_VERIFICATION);
		mailer.send(user.email(), "Confirm your e-mail address for Bodega",
				"Hello " + user.name()
						+ ",\n\nplease confirm your e-mail address by opening this link within 48 hours:\n\n"
						+ properties.publicUrl() + "/verify-email?token=" + token + "\n");
	}

}

package io.bodega.accounts.sessions;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import io.bodega.accounts.UserSignedIn;
import io.bodega.accounts.users.Account;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * Signing in and out, and the sessions a signed-in user holds. Password hashing
 * (Argon2id, tens of milliseconds on purpose) happens outside a database transaction, so
 * it never holds a connection.
 */
@Service
public class SignIn {

	/** A new session: the token is shown once, here, and never stored. */
	public record SignedIn(String token, Instant expiresAt, Account user, UUID sessionId) {
	}

	private final Users users;

	private final Sessions sessions;

	private final PasswordCheck check;

	private final ApplicationEventPublisher events;

	private final CompletableFuture<String> unknownUserHash;

	SignIn(Users users, Sessions sessions, PasswordCheck check, PasswordHashing passwords,
			ApplicationEventPublisher events) {
		this.users = users;
		this.sessions = sessions;
		this.check = check;
		this.events = events;
		// Checked against when the e-mail is unknown, so that answer takes as long as a
		// wrong password. Made in the background: a cold Argon2 hash would otherwise add
		// to start-up time.
		this.unknownUserHash = CompletableFuture.supplyAsync(() -> passwords.encode(Ids.newSecret()),
				runnable -> Thread.ofVirtual().start(runnable));
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
		LoginThrottle.Attempt attempt = check.begin("sign-in", key, null, ipAddress);
		Optional<User> user = users.findByEmail(key);
		String hash = user.map(User::passwordHash).orElseGet(unknownUserHash::join);
		boolean matches = check.matches(attempt, password, hash);
		UUID userId = user.map(User::id).orElse(null);
		if (user.isEmpty() || !matches) {
			throw refused(attempt, userId, ipAddress);
		}
		// Empty when the password was reset or changed while it was being checked: it is
		// no longer right.
		Sessions.Started session = sessions.start(user.get(), hash, userAgent, ipAddress)
			.orElseThrow(() -> refused(attempt, userId, ipAddress));
		check.succeeded(attempt);
		SecurityLog.signedIn(user.get().id(), ipAddress);
		events.publishEvent(new UserSignedIn(user.get().id(), guestCartId));
		return new SignedIn(session.token(), session.expiresAt(), Account.of(user.get()), session.id());
	}

	public void signOut(CurrentUser caller) {
		sessions.end(caller.id(), caller.sessionId());
		SecurityLog.sessionEnded(caller.id(), caller.sessionId(), "signed_out");
	}

	/** The signed-in user's account. */
	public Account account(CurrentUser caller) {
		return users.findById(caller.id()).map(Account::of).orElseThrow(() -> new NotFound("The account"));
	}

	public List<Sessions.Listed> sessions(CurrentUser caller) {
		return sessions.live(caller.id());
	}

	public void endSession(CurrentUser caller, UUID sessionId) {
		if (sessionId == null || !sessions.end(caller.id(), sessionId)) {
			throw new NotFound("The session");
		}
		SecurityLog.sessionEnded(caller.id(), sessionId, "ended_by_user");
	}

	private static RuntimeException refused(LoginThrottle.Attempt attempt, UUID userId, String ipAddress) {
		return PasswordCheck.refused(attempt, new InvalidCredentials(), "sign-in", userId, ipAddress,
				() -> SecurityLog.signInFailed(userId, ipAddress));
	}

}

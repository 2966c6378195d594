package io.bodega.accounts.users;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The security log: one line per event an investigator needs (sign-in and its failures,
 * throttling, registration, password change and reset, sessions ended), on the logger
 * {@code bodega.security}, carrying the request's id like every line. Each line says what
 * happened in words and as fields ({@code event.action}, {@code event.outcome},
 * {@code event.reason}, {@code user.id}, {@code client.ip}), which the JSON format
 * ({@code BODEGA_LOG_FORMAT=json}) writes as such. Never a password, a token or a link;
 * an account is named by its id, and an e-mail nobody has is not named at all (it may be
 * a password typed into the wrong field).
 */
public final class SecurityLog {

	private static final Logger log = LoggerFactory.getLogger("bodega.security");

	private SecurityLog() {
	}

	public static void signedIn(UUID user, String ip) {
		event("sign-in", "success", null, user, ip).log("Sign-in of user {} from {}", user, ip);
	}

	/** {@code user} is null when the e-mail has no account. */
	public static void signInFailed(UUID user, String ip) {
		String reason = user == null ? "unknown_account" : "wrong_password";
		event("sign-in", "failure", reason, user, ip).log("Failed sign-in ({}) of {} from {}", reason,
				user == null ? "no account" : "user " + user, ip);
	}

	/**
	 * Too many failures: the attempt was refused unjudged, or judged wrong while the
	 * account is locked.
	 */
	public static void throttled(String action, UUID user, String ip) {
		event(action, "failure", "throttled", user, ip).log("Throttled {} of {} from {}", action,
				user == null ? "an account" : "user " + user, ip);
	}

	public static void registered(UUID user, String ip) {
		event("registration", "success", null, user, ip).log("Registration of user {} from {}", user, ip);
	}

	/**
	 * A sign-up refused for a reason worth noticing (a taken e-mail: someone may be
	 * probing for accounts).
	 */
	public static void registrationRefused(String reason, String ip) {
		event("registration", "failure", reason, null, ip).log("Refused registration ({}) from {}", reason, ip);
	}

	/** A reset link was mailed (or would have been, but for the one-a-minute guard). */
	public static void passwordResetRequested(UUID user) {
		event("password-reset-request", "success", null, user, null).log("Password reset asked for user {}", user);
	}

	/** A reset confirmation with a link that is unknown, spent or expired. */
	public static void passwordResetRefused() {
		event("password-reset", "failure", "invalid_token", null, null)
			.log("Refused password reset: the link is unknown, used or expired");
	}

	public static void passwordChangeFailed(UUID user, String ip) {
		event("password-change", "failure", "wrong_current_password", user, ip)
			.log("Failed password change of user {} from {}: wrong current password", user, ip);
	}

	public static void passwordChanged(UUID user, String ip) {
		event("password-change", "success", null, user, ip)
			.log("Password change of user {} from {}; the user's other sessions ended", user, ip);
	}

	public static void passwordReset(UUID user) {
		event("password-reset", "success", null, user, null)
			.log("Password reset of user {} by mailed link; every session of the user ended", user);
	}

	public static void sessionEnded(UUID user, UUID session, String how) {
		event("session-end", "success", how, user, null).addKeyValue("session.id", session)
			.log("Session {} of user {} ended ({})", session, user, how);
	}

	/** An invitation was accepted: a new administrator, invited by {@code inviter}. */
	public static void joinedStaff(UUID user, UUID inviter) {
		event("staff-join", "success", null, user, null).addKeyValue("inviter.id", inviter)
			.log("User {} joined the staff by the invitation of user {}", user, inviter);
	}

	/**
	 * An administrator was removed (the account deleted, every session of it ended) by
	 * {@code by}.
	 */
	public static void removedFromStaff(UUID user, UUID by) {
		event("staff-removal", "success", null, user, null).addKeyValue("actor.id", by)
			.log("User {} was removed from the staff by user {}; every session of it ended", user, by);
	}

	private static LoggingEventBuilder event(String action, String outcome, String reason, UUID user, String ip) {
		LoggingEventBuilder event = log.atInfo()
			.addKeyValue("event.action", action)
			.addKeyValue("event.outcome", outcome);
		if (reason != null) {
			event = event.addKeyValue("event.reason", reason);
		}
		if (user != null) {
			event = event.addKeyValue("user.id", user);
		}
		if (ip != null) {
			event = event.addKeyValue("client.ip", ip);
		}
		return event;
	}

}

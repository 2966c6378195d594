package io.bodega.accounts.sessions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.User;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.db.Purges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Server-side sessions in PostgreSQL. A session is found by the SHA-256 of its token on
 * every request, so ending it (logout, password change, reset) takes effect at once on
 * every node. Activity is written at most once a minute, so a busy client does not turn
 * every read into a write; idle expiry is therefore exact to within that minute.
 */
@Component
public class Sessions {

	/** A user keeps at most this many sessions; signing in again ends the oldest. */
	static final int MAX_PER_USER = 50;

	record Started(UUID id, String token, Instant expiresAt) {
	}

	public record Listed(UUID id, Instant createdAt, Instant lastSeenAt, Instant expiresAt, String userAgent,
			String ipAddress) {
	}

	private final JdbcClient jdbc;

	private final AccountsProperties properties;

	Sessions(JdbcClient jdbc, AccountsProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Starts a session for a user whose password was just checked against
	 * {@code verifiedHash}. The session is only made while that is still the user's hash:
	 * a reset or change that committed after the check (which takes tens of milliseconds
	 * of Argon2) has ended all sessions, and one started from the old password must not
	 * outlive it. The user's row is read {@code FOR SHARE}, so a change still in flight
	 * is waited for and then seen. Empty when the password has changed since.
	 */
	Optional<Started> start(User user, String verifiedHash, String userAgent, String ipAddress) {
		UUID id = Ids.newId();
		String token = Ids.newSecret();
		Optional<Instant> expiresAt = jdbc.sql("""
				insert into user_sessions (id, token_hash, user_id, idle_seconds, expires_at, user_agent, ip_address)
				select :id, :token, u.id, :idle, now() + make_interval(secs => :absolute), :agent, :ip
				from users u where u.id = :user and u.password_hash = :verified
				for share
				returning least(last_seen_at + make_interval(secs => idle_seconds), expires_at)""")
			.param("id", id)
			.param("token", Hashes.sha256(token))
			.param("user", user.id())
			.param("verified", verifiedHash)
			.param("idle", properties.idleTimeout(user.role()).toSeconds())
			.param("absolute", (double) properties.absoluteTimeout(user.role()).toSeconds())
			.param("agent", userAgent == null ? null : truncate(userAgent, 300))
			.param("ip", ipAddress)
			.query((rs, n) -> rs.getTimestamp(1).toInstant())
			.optional();
		if (expiresAt.isEmpty()) {
			return Optional.empty();
		}
		jdbc.sql("""
				delete from user_sessions where user_id = :user and id not in
				  (select id from user_sessions where user_id = :user order by created_at desc limit :max)""")
			.param("user", user.id())
			.param("max", MAX_PER_USER)
			.update();
		return Optional.of(new Started(id, token, expiresAt.get()));
	}

	/**
	 * The live session's user for a token, or empty when the token is unknown, ended or
	 * expired.
	 */
	Optional<CurrentUser> authenticate(String token) {
		record Found(CurrentUser user, boolean stale) {
		}
		Optional<Found> found = jdbc.sql("""
				select s.id as session_id, u.id as user_id, u.email, u.role,
				       s.last_seen_at < now() - interval '60 seconds' as stale
				from user_sessions s join users u on u.id = s.user_id
				where s.token_hash = :hash and s.expires_at > now()
				  and s.last_seen_at + make_interval(secs => s.idle_seconds) > now()""")
			.param("hash", Hashes.sha256(token))
			.query((rs,
					n) -> new Found(
							new CurrentUser(rs.getObject("user_id", UUID.class), rs.getObject("session_id", UUID.class),
									rs.getString("email"), Role.of(rs.getString("role")).roles()),
							rs.getBoolean("stale")))
			.optional();
		found.filter(Found::stale)
			.ifPresent(f -> jdbc.sql("update user_sessions set last_seen_at = now() where id = ?")
				.param(f.user().sessionId())
				.update());
		return found.map(Found::user);
	}

	List<Listed> live(UUID userId) {
		return jdbc.sql("""
				select id, created_at, last_seen_at,
				       least(last_seen_at + make_interval(secs => idle_seconds), expires_at) as expires,
				       user_agent, ip_address
				from user_sessions
				where user_id = :user and expires_at > now()
				  and last_seen_at + make_interval(secs => idle_seconds) > now()
				order by last_seen_at desc, id""").param("user", userId).query(Sessions::listed).list();
	}

	/** How many live sessions the user has. */
	public int liveCount(UUID userId) {
		return jdbc.sql("""
				select count(*) from user_sessions
				where user_id = :user and expires_at > now()
				  and last_seen_at + make_interval(secs => idle_seconds) > now()""")
			.param("user", userId)
			.query(Integer.class)
			.single();
	}

	/**
	 * Which of these sessions are still live, read without touching them: asking on
	 * behalf of an open live stream must not count as the person's activity.
	 */
	public Set<UUID> stillLive(Collection<UUID> sessionIds) {
		if (sessionIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(jdbc.sql("""
				select id from user_sessions
				where id = any(?) and expires_at > now()
				  and last_seen_at + make_interval(secs => idle_seconds) > now()""")
			.param(sessionIds.toArray(UUID[]::new))
			.query(UUID.class)
			.list());
	}

	/** Ends one session of a user; false when the user has no such session. */
	boolean end(UUID userId, UUID sessionId) {
		return jdbc.sql("delete from user_sessions where id = :id and user_id = :user")
			.param("id", sessionId)
			.param("user", userId)
			.update() == 1;
	}

	public void endAll(UUID userId) {
		jdbc.sql("delete from user_sessions where user_id = ?").param(userId).update();
	}

	void endAllExcept(UUID userId, UUID keep) {
		jdbc.sql("delete from user_sessions where user_id = :user and id <> :keep")
			.param("user", userId)
			.param("keep", keep)
			.update();
	}

	public int purgeExpired() {
		return Purges.delete(jdbc, "user_sessions",
				"expires_at <= now() or last_seen_at + make_interval(secs => idle_seconds) <= now()");
	}

	private static Listed listed(ResultSet rs, int row) throws SQLException {
		return new Listed(rs.getObject("id", UUID.class), rs.getTimestamp("created_at").toInstant(),
				rs.getTimestamp("last_seen_at").toInstant(), rs.getTimestamp("expires").toInstant(),
				rs.getString("user_agent"), rs.getString("ip_address"));
	}

	private static String truncate(String value, int max) {
		return value.length() <= max ? value : value.substring(0, max);
	}

}

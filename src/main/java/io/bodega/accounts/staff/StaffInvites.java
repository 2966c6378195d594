package io.bodega.accounts.staff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.CurrentUser;
import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.db.Purges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code staff_invites} table. A token is stored as its SHA-256 only. An invitation's
 * row is removed when it is accepted, revoked or replaced by a new invitation of the same
 * e-mail, so its token works at most once, and the one conditional DELETE that accepts it
 * cannot succeed twice.
 */
@Repository
public class StaffInvites {

	/** How long an invitation link works. */
	static final Duration LIFETIME = Duration.ofDays(7);

	record Invite(UUID id, String email, String name, UUID invitedBy, String invitedByEmail, Instant createdAt,
			Instant expiresAt) {
	}

	/** A new invitation and the token to mail; the token is never stored. */
	record Issued(Invite invite, String token) {
	}

	private static final String COLUMNS = "id, email, name, invited_by, invited_by_email, created_at, expires_at";

	private final JdbcClient jdbc;

	StaffInvites(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Invites {@code email}, replacing (and so killing the token of) any pending
	 * invitation of it.
	 */
	Issued issue(String email, String name, CurrentUser inviter) {
		String token = Ids.newSecret();
		Invite invite = jdbc.sql("""
				insert into staff_invites (id, email, name, token_hash, invited_by, invited_by_email, expires_at)
				values (:id, :email, :name, :hash, :by, :byEmail, now() + make_interval(secs => :lifetime))
				on conflict ((lower(email))) do update set id = excluded.id, email = excluded.email,
				    name = excluded.name, token_hash = excluded.token_hash, invited_by = excluded.invited_by,
				    invited_by_email = excluded.invited_by_email, created_at = now(), expires_at = excluded.expires_at
				""" + "returning " + COLUMNS)
			.param("id", Ids.newId())
			.param("email", email)
			.param("name", name)
			.param("hash", Hashes.sha256(token))
			.param("by", inviter.id())
			.param("byEmail", inviter.email())
			.param("lifetime", (double) LIFETIME.toSeconds())
			.query(StaffInvites::map)
			.single();
		return new Issued(invite, token);
	}

	/**
	 * Pending invitations that still work, newest first, after the position
	 * {@code (afterAt, afterId)}.
	 */
	List<Invite> live(String afterAt, String afterId, int limit) {
		return jdbc.sql("select " + COLUMNS + """
				 from staff_invites
				where expires_at > now()
				  and (created_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid))
				order by created_at desc, id desc
				limit :limit""")
			.param("afterAt", afterAt)
			.param("afterId", afterId)
			.param("limit", limit)
			.query(StaffInvites::map)
			.list();
	}

	/** The live invitation a token belongs to, without using it up. */
	Optional<Invite> find(String token) {
		return jdbc.sql("select " + COLUMNS + " from staff_invites where token_hash = :hash and expires_at > now()")
			.param("hash", Hashes.sha256(token))
			.query(StaffInvites::map)
			.optional();
	}

	/**
	 * Uses up a live invitation by its token; empty when unknown, used, revoked, replaced
	 * or expired.
	 */
	Optional<Invite> spend(String token) {
		return jdbc
			.sql("delete from staff_invites where token_hash = :hash and expires_at > now() returning " + COLUMNS)
			.param("hash", Hashes.sha256(token))
			.query(StaffInvites::map)
			.optional();
	}

	/** Revokes an invitation; empty when there is none with that id. */
	Optional<Invite> revoke(UUID id) {
		return jdbc.sql("delete from staff_invites where id = :id returning " + COLUMNS)
			.param("id", id)
			.query(StaffInvites::map)
			.optional();
	}

	/** Revokes every invitation an administrator sent, as they leave the staff. */
	List<Invite> revokeSentBy(UUID inviter) {
		return jdbc.sql("delete from staff_invites where invited_by = :inviter returning " + COLUMNS)
			.param("inviter", inviter)
			.query(StaffInvites::map)
			.list();
	}

	public int purgeExpired() {
		return Purges.delete(jdbc, "staff_invites", "expires_at < now()");
	}

	private static Invite map(ResultSet rs, int row) throws SQLException {
		return new Invite(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
				rs.getObject("invited_by", UUID.class), rs.getString("invited_by_email"),
				rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("expires_at").toInstant());
	}

}

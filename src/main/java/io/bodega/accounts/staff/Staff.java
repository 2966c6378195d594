package io.bodega.accounts.staff;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.bodega.accounts.sessions.LoginThrottle;
import io.bodega.accounts.users.Account;
import io.bodega.accounts.users.AccountsProperties;
import io.bodega.accounts.users.EmailTaken;
import io.bodega.accounts.users.PasswordHashing;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.SecurityLog;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.audit.AuditLog;
import io.bodega.notifications.Mailer;
import io.bodega.shared.Conflict;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.DomainException;
import io.bodega.shared.Ids;
import io.bodega.shared.NotFound;
import io.bodega.shared.ValidationFailed;
import io.bodega.accounts.users.NewestFirst;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The staff: administrators join by a mailed, single-use invitation and are removed by
 * another administrator (or themselves). Removal deletes the account, so its sessions and
 * tokens end in the same transaction, and the e-mail is free to be invited again; the
 * audit log keeps who did what by id and e-mail. There is always at least one
 * administrator: a removal locks every administrator's row first, so concurrent removals
 * are judged one after the other against what the earlier ones left.
 */
@Service
public class Staff {

	@Schema(name = "StaffMember", description = "An administrator; you: whether it is the caller")
	record Member(UUID id, String email, String name, Instant createdAt, boolean you) {
	}

	@Schema(name = "StaffInvite",
			description = "A pending invitation to join the staff; invitedBy: the inviter's e-mail")
	record Invitation(UUID id, String email, String name, Instant invitedAt, Instant expiresAt, String invitedBy) {

		static Invitation of(StaffInvites.Invite invite) {
			return new Invitation(invite.id(), invite.email(), invite.name(), invite.createdAt(), invite.expiresAt(),
					invite.invitedByEmail());
		}
	}

	/** Removing this administrator would leave the shop without one. */
	static final class LastAdministrator extends Conflict {

		LastAdministrator() {
			super("last_admin", "The last administrator cannot be removed: invite another administrator first");
		}

	}

	/** The caller was removed from the staff while the request was on its way. */
	static final class NoLongerAdministrator extends DomainException {

		NoLongerAdministrator() {
			super(Kind.FORBIDDEN, "forbidden", "You are no longer an administrator");
		}

	}

	private static final String MEMBERS = "admin-staff";

	private static final String INVITES = "admin-staff-invites";

	private final JdbcClient jdbc;

	private final Users users;

	private final StaffInvites invites;

	private final PasswordHashing passwords;

	private final Mailer mailer;

	private final AuditLog audit;

	private final Cursors cursors;

	private final TransactionTemplate tx;

	private final AccountsProperties properties;

	Staff(JdbcClient jdbc, Users users, StaffInvites invites, PasswordHashing passwords, Mailer mailer, AuditLog audit,
			Cursors cursors, TransactionTemplate tx, AccountsProperties properties) {
		this.jdbc = jdbc;
		this.users = users;
		this.invites = invites;
		this.passwords = passwords;
		this.mailer = mailer;
		this.audit = audit;
		this.cursors = cursors;
		this.tx = tx;
		this.properties = properties;
	}

	/** The administrators, newest first. */
	ListPage<Member> members(CurrentUser caller, int limit, String cursor) {
		NewestFirst after = NewestFirst.after(cursors, MEMBERS, cursor);
		List<Member> rows = jdbc.sql("""
				select id, email, name, created_at from users
				where role = 'admin'
				  and (created_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid))
				order by created_at desc, id desc
				limit :limit""")
			.param("afterAt", after.at())
			.param("afterId", after.id())
			.param("limit", limit + 1)
			.query((rs, n) -> member(rs, caller))
			.list();
		return ListPage.of(rows, limit, last -> NewestFirst.cursor(cursors, MEMBERS, last.createdAt(), last.id()));
	}

	/** The invitations that can still be accepted, newest first. */
	ListPage<Invitation> invitations(int limit, String cursor) {
		NewestFirst after = NewestFirst.after(cursors, INVITES, cursor);
		List<Invitation> rows = invites.live(after.at(), after.id(), limit + 1).stream().map(Invitation::of).toList();
		return ListPage.of(rows, limit, last -> NewestFirst.cursor(cursors, INVITES, last.invitedAt(), last.id()));
	}

	/**
	 * Invites {@code email} to join the staff and mails the link. An e-mail that already
	 * has an account is refused: a customer is never promoted behind their back. Inviting
	 * an e-mail again replaces its pending invitation.
	 */
	@Transactional
	Invitation invite(String email, String name, CurrentUser actor) {
		if (users.findByEmail(email).isPresent()) {
			throw new EmailTaken();
		}
		StaffInvites.Issued issued = invites.issue(email, name, actor);
		mailer.send(email, "You are invited to run a Bodega shop",
				"Hello " + name + ",\n\n" + actor.email() + " invited you to join the staff of the shop. To accept, "
						+ "choose your password by opening this link within 7 days:\n\n" + properties.publicUrl()
						+ "/admin/#/accept-invite?token=" + issued.token()
						+ "\n\nIf you did not expect this, ignore this mail.\n");
		Invitation invitation = Invitation.of(issued.invite());
		audit.record(actor, "staff.invite", "staff_invite", invitation.id().toString(), null, invitation);
		return invitation;
	}

	@Transactional
	void revoke(UUID id, CurrentUser actor) {
		StaffInvites.Invite revoked = invites.revoke(id).orElseThrow(() -> new NotFound("The invitation"));
		audit.record(actor, "staff.invite_revoke", "staff_invite", id.toString(), Invitation.of(revoked), null);
	}

	/**
	 * Accepts an invitation: creates the administrator with the chosen password, its
	 * e-mail verified (the mailed token proves the mailbox). The password is checked and
	 * hashed before any transaction; the token is used up only in the transaction that
	 * creates the account, so a refused password leaves the link working.
	 */
	public Account accept(String token, String password, String name) {
		StaffInvites.Invite invite = invites.find(token).orElseThrow(Staff::invalidToken);
		String chosenName = name == null ? invite.name() : name.strip();
		passwords.check("password", password, invite.email(), chosenName);
		String hash = passwords.encode(password);
		Account account = tx.execute(status -> {
			StaffInvites.Invite spent = invites.spend(token)
				.filter(i -> i.id().equals(invite.id()))
				.orElseThrow(Staff::invalidToken);
			User user = users.insert(Ids.newId(), spent.email(), chosenName, hash, Role.ADMIN, true)
				.orElseThrow(EmailTaken::new);
			CurrentUser newcomer = new CurrentUser(user.id(), null, user.email(), user.role().roles());
			audit.record(newcomer, "staff.invite_accept", "staff", user.id().toString(), null,
					Map.of("email", user.email(), "name", user.name(), "invitedBy", spent.invitedByEmail()));
			return Account.of(user);
		});
		SecurityLog.joinedStaff(account.id(), invite.invitedBy());
		return account;
	}

	/**
	 * Removes an administrator: the account is deleted with its sessions, so they stop
	 * working at once, and the invitations they sent are revoked. Refused for the last
	 * administrator. Every administrator's row is locked (in id order, so removals cannot
	 * deadlock) before counting: of two administrators removing each other at once, the
	 * second is judged after the first has committed, sees one administrator left and is
	 * refused.
	 */
	void remove(UUID id, CurrentUser actor) {
		tx.executeWithoutResult(status -> {
			List<UUID> admins = jdbc.sql("select id from users where role = 'admin' order by id for update")
				.query(UUID.class)
				.list();
			if (!admins.contains(actor.id())) {
				throw new NoLongerAdministrator();
			}
			if (!admins.contains(id)) {
				throw new NotFound("The staff member");
			}
			if (admins.size() <= 1) {
				throw new LastAdministrator();
			}
			User removed = users.findById(id).orElseThrow(() -> new NotFound("The staff member"));
			jdbc.sql("delete from users where id = ?").param(id).update();
			jdbc.sql("delete from known_sign_in_addresses where email = ?")
				.param(LoginThrottle.key(removed.email()))
				.update();
			audit.record(actor, "staff.remove", "staff", id.toString(),
					Map.of("email", removed.email(), "name", removed.name()), null);
			// Whom they invited could otherwise still join on their word after they are
			// gone (a removed, perhaps
			// compromised, administrator's way back in).
			for (StaffInvites.Invite invite : invites.revokeSentBy(id)) {
				audit.record(actor, "staff.invite_revoke", "staff_invite", invite.id().toString(),
						Invitation.of(invite), null);
			}
		});
		SecurityLog.removedFromStaff(id, actor.id());
	}

	private static ValidationFailed invalidToken() {
		return new ValidationFailed("token", "is invalid, expired or already used");
	}

	private static Member member(ResultSet rs, CurrentUser caller) throws SQLException {
		UUID id = rs.getObject("id", UUID.class);
		return new Member(id, rs.getString("email"), rs.getString("name"), rs.getTimestamp("created_at").toInstant(),
				id.equals(caller.id()));
	}

}

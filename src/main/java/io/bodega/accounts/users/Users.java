package io.bodega.accounts.users;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import java.util.List;

/**
 * The {@code users} table. E-mails are matched case-insensitively through the
 * {@code lower(email)} index.
 */
@Repository
public class Users {

	private static final String COLUMNS = "id, email, name, password_hash, role, email_verified, created_at";

	private static final RowMapper<User> ROW = Users::map;

	private final JdbcClient jdbc;

	Users(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Inserts a user; empty when the e-mail is taken (in any case). */
	public Optional<User> insert(UUID id, String email, String name, String passwordHash, Role role,
			boolean emailVerified) {
		return jdbc
			.sql("insert into users (id, email, name, password_hash, role, email_verified) "
					+ "values (:id, :email, :name, :hash, :role, :verified) on conflict ((lower(email))) do nothing "
					+ "returning " + COLUMNS)
			.param("id", id)
			.param("email", email)
			.param("name", name)
			.param("hash", passwordHash)
			.param("role", role.value())
			.param("verified", emailVerified)
			.query(ROW)
			.optional();
	}

	public Optional<User> findByEmail(String email) {
		return jdbc.sql("select " + COLUMNS + " from users where lower(email) = lower(:email)")
			.param("email", email)
			.query(ROW)
			.optional();
	}

	/**
	 * Whether the e-mail is an administrator's who still has the password the account was
	 * made with.
	 */
	public boolean adminWithFirstPassword(String email) {
		return jdbc
			.sql("select exists (select 1 from users where lower(email) = lower(?) and role = 'admin' "
					+ "and password_changed_at = created_at)")
			.param(email)
			.query(Boolean.class)
			.single();
	}

	/** Every administrator's e-mail address, oldest account first. */
	public List<String> administratorEmails() {
		return jdbc.sql("select email from users where role = 'admin' order by created_at, id")
			.query(String.class)
			.list();
	}

	public Optional<User> findById(UUID id) {
		return jdbc.sql("select " + COLUMNS + " from users where id = :id").param("id", id).query(ROW).optional();
	}

	/**
	 * Locks the user's row until the transaction ends, so checks made under it (such as
	 * "was a mail sent within the last minute?") cannot be raced by a concurrent request
	 * for the same user.
	 */
	public void lock(UUID id) {
		jdbc.sql("select id from users where id = ? for update").param(id).query(UUID.class).optional();
	}

	public void changePassword(UUID id, String passwordHash) {
		jdbc.sql("update users set password_hash = :hash, password_changed_at = now() where id = :id")
			.param("hash", passwordHash)
			.param("id", id)
			.update();
	}

	/**
	 * Changes the password only while the hash is still {@code verifiedHash}, the one the
	 * current password was checked against; false when it changed in between (a reset),
	 * so that check no longer counts.
	 */
	public boolean replacePassword(UUID id, String verifiedHash, String passwordHash) {
		return jdbc.sql("""
				update users set password_hash = :hash, password_changed_at = now()
				where id = :id and password_hash = :verified""")
			.param("hash", passwordHash)
			.param("id", id)
			.param("verified", verifiedHash)
			.update() == 1;
	}

	public void markEmailVerified(UUID id) {
		jdbc.sql("update users set email_verified = true where id = :id").param("id", id).update();
	}

	private static User map(ResultSet rs, int row) throws SQLException {
		return new User(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
				rs.getString("password_hash"), Role.of(rs.getString("role")), rs.getBoolean("email_verified"),
				rs.getTimestamp("created_at").toInstant());
	}

}

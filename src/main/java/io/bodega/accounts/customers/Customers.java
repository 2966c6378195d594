package io.bodega.accounts.customers;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.bodega.accounts.sessions.LoginThrottle;
import io.bodega.accounts.sessions.Sessions;
import io.bodega.accounts.users.NewestFirst;
import io.bodega.accounts.users.Role;
import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.audit.AuditLog;
import io.bodega.shared.CurrentUser;
import io.bodega.shared.NotFound;
import io.bodega.shared.web.Cursors;
import io.bodega.shared.web.ListPage;
import io.swagger.v3.oas.annotations.media.Schema;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The customers as the staff see them: a searchable list, one customer with the state of
 * their sign-in, and lifting a sign-in lock. Administrators are not customers and are
 * never shown here.
 *
 * <p>
 * The search is a case-insensitive substring of the e-mail or the name. It filters while
 * walking the partial index of customers newest first, so a page stops as soon as it is
 * full: a common term costs a few rows, and a term nobody matches costs one pass over the
 * customers' index (tens of milliseconds at tens of thousands of customers). No trigram
 * index, so no extension is needed in an external PostgreSQL.
 */
@Service
class Customers {

	@Schema(name = "CustomerSummary", description = "A customer in the staff's list")
	record Summary(UUID id, String email, String name, boolean emailVerified, Instant createdAt) {
	}

	/**
	 * {@code locked}: the sign-in throttle refuses this account now from addresses it
	 * never signed in from; {@code failedAttempts}: failed sign-ins counted in the
	 * throttle's window; {@code lockedUntil}: when the lock lifts by itself, null when
	 * not locked.
	 */
	@Schema(name = "CustomerSignIn",
			description = "The sign-in throttle's view of the account: locked means sign-in "
					+ "from an address the customer never signed in from answers 429 until lockedUntil (null when not "
					+ "locked); failedAttempts counts the failures within the throttle's window")
	record SignIn(boolean locked, int failedAttempts, @Nullable Instant lockedUntil) {
	}

	@Schema(name = "Customer", description = "A customer with the state of their sign-in")
	record Customer(UUID id, String email, String name, boolean emailVerified, Instant createdAt, SignIn signIn,
			int activeSessions) {
	}

	private static final String CURSOR_KIND = "admin-customers";

	private final JdbcClient jdbc;

	private final Users users;

	private final Sessions sessions;

	private final LoginThrottle throttle;

	private final AuditLog audit;

	private final Cursors cursors;

	Customers(JdbcClient jdbc, Users users, Sessions sessions, LoginThrottle throttle, AuditLog audit,
			Cursors cursors) {
		this.jdbc = jdbc;
		this.users = users;
		this.sessions = sessions;
		this.throttle = throttle;
		this.audit = audit;
		this.cursors = cursors;
	}

	/**
	 * Newest first; {@code query} (optional) is a case-insensitive part of the e-mail or
	 * the name.
	 */
	ListPage<Summary> list(@Nullable String query, int limit, @Nullable String cursor) {
		NewestFirst after = NewestFirst.after(cursors, CURSOR_KIND, cursor);
		String term = query == null || query.isBlank() ? null : "%" + escapeLike(query.strip()) + "%";
		List<Summary> rows = jdbc.sql("""
				select id, email, name, email_verified, created_at from users
				where role = 'customer'
				  and (cast(:term as text) is null
				       or lower(email) like lower(cast(:term as text)) escape '\\'
				       or lower(name) like lower(cast(:term as text)) escape '\\')
				  and (created_at, id) < (cast(:afterAt as timestamptz), cast(:afterId as uuid))
				order by created_at desc, id desc
				limit :limit""")
			.param("term", term)
			.param("afterAt", after.at())
			.param("afterId", after.id())
			.param("limit", limit + 1)
			.query(Customers::summary)
			.list();
		return ListPage.of(rows, limit, last -> NewestFirst.cursor(cursors, CURSOR_KIND, last.createdAt(), last.id()));
	}

	Customer get(UUID id) {
		return view(customer(id));
	}

	/**
	 * Forgets the account's counted sign-in failures, so its owner may sign in again at
	 * once (from anywhere). What one client address has failed across accounts still
	 * counts against that address.
	 */
	@Transactional
	Customer unlock(UUID id, CurrentUser actor) {
		User user = customer(id);
		Customer before = view(user);
		throttle.clearAccount(LoginThrottle.key(user.email()));
		Customer after = view(user);
		audit.record(actor, "customer.unlock", "customer", id.toString(), before.signIn(), after.signIn());
		return after;
	}

	private User customer(UUID id) {
		return users.findById(id)
			.filter(u -> u.role() == Role.CUSTOMER)
			.orElseThrow(() -> new NotFound("The customer"));
	}

	private Customer view(User user) {
		LoginThrottle.AccountState state = throttle.state(LoginThrottle.key(user.email()));
		return new Customer(user.id(), user.email(), user.name(), user.emailVerified(), user.createdAt(),
				new SignIn(state.locked(), state.failedAttempts(), state.lockedUntil()), sessions.liveCount(user.id()));
	}

	private static String escapeLike(String text) {
		return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
	}

	private static Summary summary(ResultSet rs, int row) throws SQLException {
		return new Summary(rs.getObject("id", UUID.class), rs.getString("email"), rs.getString("name"),
				rs.getBoolean("email_verified"), rs.getTimestamp("created_at").toInstant());
	}

}

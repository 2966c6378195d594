package io.bodega.accounts.sessions;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.bodega.accounts.users.User;
import io.bodega.accounts.users.Users;
import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A password is checked, then Argon2 takes its time, then the session is made. A reset or
 * change that lands in between ends every session; what the old password allowed must not
 * outlive it.
 */
class StalePasswordTests extends ApiTest {

	@Autowired
	Sessions sessions;

	@Autowired
	Users users;

	@Test
	void startsASessionWhileTheCheckedPasswordIsStillCurrent() {
		User checked = users.findByEmail(register(uniqueEmail())).orElseThrow();

		assertThat(sessions.start(checked, checked.passwordHash(), "Test", "198.51.100.30")).isPresent();
		assertThat(sessionCount(checked.id())).isEqualTo(1);
	}

	@Test
	void refusesTheSessionWhenThePasswordChangedAfterItWasChecked() {
		User checked = users.findByEmail(register(uniqueEmail())).orElseThrow();
		jdbc.sql("update users set password_hash = 'reset-meanwhile' where id = ?").param(checked.id()).update();

		assertThat(sessions.start(checked, checked.passwordHash(), "Test", "198.51.100.31")).isEmpty();
		assertThat(sessionCount(checked.id())).isZero();
	}

	@Test
	void signInWaitsForAResetInFlightAndThenIsRefused() throws Exception {
		User checked = users.findByEmail(register(uniqueEmail())).orElseThrow();
		CompletableFuture<Optional<Sessions.Started>> signIn;
		try (Connection reset = dataSource.getConnection()) {
			reset.setAutoCommit(false);
			execute(reset, "update users set password_hash = 'reset-meanwhile' where id = ?", checked.id());
			execute(reset, "delete from user_sessions where user_id = ?", checked.id());

			signIn = CompletableFuture
				.supplyAsync(() -> sessions.start(checked, checked.passwordHash(), "Test", "198.51.100.32"));
			awaitLockWaits("insert into user_sessions", 1, signIn::isDone);
			reset.commit();
		}

		assertThat(signIn.get(15, TimeUnit.SECONDS)).as("no session from the old password").isEmpty();
		assertThat(sessionCount(checked.id())).isZero();
	}

	@Test
	void passwordChangeIsRefusedWhenThePasswordChangedAfterItWasChecked() {
		User checked = users.findByEmail(register(uniqueEmail())).orElseThrow();
		jdbc.sql("update users set password_hash = 'reset-meanwhile' where id = ?").param(checked.id()).update();

		assertThat(users.replacePassword(checked.id(), checked.passwordHash(), "set-by-a-stale-check")).isFalse();
		assertThat(users.findById(checked.id()).orElseThrow().passwordHash()).isEqualTo("reset-meanwhile");
		assertThat(users.replacePassword(checked.id(), "reset-meanwhile", "set-by-a-fresh-check")).isTrue();
	}

	private long sessionCount(UUID userId) {
		return jdbc.sql("select count(*) from user_sessions where user_id = ?")
			.param(userId)
			.query(Long.class)
			.single();
	}

	private static void execute(Connection connection, String sql, UUID userId) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setObject(1, userId);
			statement.executeUpdate();
		}
	}

}

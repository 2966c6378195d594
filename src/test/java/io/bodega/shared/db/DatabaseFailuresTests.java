package io.bodega.shared.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures seen in the cluster test when PostgreSQL restarted or stopped, or a lock
 * wait gave up, are temporary (503 with Retry-After); a failure of the request's own
 * making is not.
 */
class DatabaseFailuresTests {

	@Test
	void aLostOrRefusedConnectionMeansTheDatabaseIsOutOfReach() {
		assertThat(DatabaseFailures.temporary(new SQLTransientConnectionException(
				"bodega - Connection is not " + "available, request timed out after 2000ms", "08001",
				new SQLException("Connection refused", "08001"))))
			.hasValue(DatabaseFailures.Kind.UNREACHABLE);
		assertThat(DatabaseFailures.temporary(new DataAccessResourceFailureException("insert",
				new SQLException("FATAL: terminating connection due to administrator command", "57P01"))))
			.hasValue(DatabaseFailures.Kind.UNREACHABLE);
		assertThat(DatabaseFailures.temporary(new SQLException("Connection refused", "08001")))
			.hasValue(DatabaseFailures.Kind.UNREACHABLE);
	}

	/**
	 * The rollback after a lost connection fails too, and Spring throws that one: the
	 * first failure decides.
	 */
	@Test
	void aRollbackThatFailedAfterALostConnectionIsTheLostConnection() {
		TransactionSystemException rollback = new TransactionSystemException("JDBC rollback failed",
				new SQLException("Connection is closed"));
		assertThat(DatabaseFailures.temporary(rollback)).as("HikariCP's closed connection")
			.hasValue(DatabaseFailures.Kind.UNREACHABLE);
		TransactionSystemException overridden = new TransactionSystemException("JDBC rollback failed",
				new IllegalStateException("no state"));
		overridden.initApplicationException(new UncategorizedSQLException("select", "select ... for update",
				new SQLException("ERROR: canceling statement due to lock timeout", "55P03")));
		assertThat(DatabaseFailures.temporary(overridden)).hasValue(DatabaseFailures.Kind.BUSY);
	}

	/**
	 * Every pooled connection busy for the whole connection wait (HikariCP's timeout
	 * without a connection failure behind it) is a busy node, not a lost database: taking
	 * overloaded nodes out of the balancer would turn overload into an outage.
	 */
	@Test
	void aPoolBusyForTheWholeWaitIsBusyNotUnreachable() {
		assertThat(DatabaseFailures.temporary(new SQLTransientConnectionException("bodega - Connection is not "
				+ "available, request timed out after 2000ms (total=10, active=10, idle=0, waiting=20)")))
			.hasValue(DatabaseFailures.Kind.BUSY);
	}

	@Test
	void aBoundThatCutAWaitShortIsBusy() {
		assertThat(
				DatabaseFailures.temporary(new SQLException("canceling statement due to statement timeout", "57014")))
			.hasValue(DatabaseFailures.Kind.BUSY);
		assertThat(DatabaseFailures
			.temporary(new SQLException("terminating connection due to idle-in-transaction " + "timeout", "25P03")))
			.hasValue(DatabaseFailures.Kind.BUSY);
	}

	@Test
	void aDeadlockOrSerializationFailureRolledBackWholeIsBusySoTheSameRequestMayComeAgain() {
		assertThat(DatabaseFailures.temporary(new SQLException("deadlock detected", "40P01")))
			.hasValue(DatabaseFailures.Kind.BUSY);
		assertThat(DatabaseFailures.temporary(new SQLException("could not serialize access", "40001")))
			.hasValue(DatabaseFailures.Kind.BUSY);
	}

	@Test
	void theRequestsOwnMistakesAndBugsAreNotTemporary() {
		assertThat(DatabaseFailures.temporary(new SQLException("invalid byte sequence", "22021"))).isEmpty();
		assertThat(DatabaseFailures.temporary(new SQLException("syntax error", "42601"))).isEmpty();
		assertThat(DatabaseFailures.temporary(new IllegalStateException("a bug"))).isEmpty();
	}

}

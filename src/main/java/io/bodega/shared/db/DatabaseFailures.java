package io.bodega.shared.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;

import org.springframework.transaction.TransactionSystemException;

/**
 * Which database failures mean "not now" rather than "wrong": the database is out of
 * reach (no pooled connection within the connection wait, a refused or broken connection,
 * a server shutting down or starting up), or a bound of {@link DatabaseLimits} cut a wait
 * short (a lock or statement timeout, a transaction ended for idling). A request failing
 * so gets 503 with Retry-After: retried a moment later, it may well succeed, and nothing
 * of it was written.
 */
public final class DatabaseFailures {

	/** What went wrong, for the log and the problem answer. */
	public enum Kind {

		/** The database cannot be reached: readiness should say so. */
		UNREACHABLE,

		/** The database is there but a wait took longer than its bound. */
		BUSY

	}

	private DatabaseFailures() {
	}

	/**
	 * The kind of a temporary database failure somewhere in {@code failure}'s causes, if
	 * it is one.
	 */
	public static Optional<Kind> temporary(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof TransactionSystemException rollback && rollback.getApplicationException() != null) {
				// The rollback after a failure failed too (the connection was gone): the
				// first failure tells.
				Optional<Kind> first = temporary(rollback.getApplicationException());
				if (first.isPresent()) {
					return first;
				}
			}
			if (t instanceof SQLException closed && closed.getSQLState() == null
					&& "Connection is closed".equals(closed.getMessage())) {
				// HikariCP: the connection was closed as broken under the request (the
				// database went away)
				return Optional.of(Kind.UNREACHABLE);
			}
			if (t instanceof SQLTransientConnectionException waited && waited.getSQLState() == null
					&& waited.getCause() == null) {
				// HikariCP: no connection within the connection wait, with no connection
				// failure behind it: every
				// pooled connection was busy. A busy node is not one without its database
				// (readiness stays UP).
				return Optional.of(Kind.BUSY);
			}
			if (t instanceof SQLTransientConnectionException) {
				// HikariCP: no connection within the connection wait because connecting
				// failed
				return Optional.of(Kind.UNREACHABLE);
			}
			if (t instanceof SQLException sql && sql.getSQLState() != null) {
				String state = sql.getSQLState();
				// 08: connection exception; 57P01-57P03: the server is shutting down,
				// crashed, or is not accepting yet
				if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
					return Optional.of(Kind.UNREACHABLE);
				}
				// 55P03: lock_timeout; 57014: statement_timeout (or a cancel); 25P03:
				// idle_in_transaction_session_timeout;
				// 40P01: deadlock_detected and 40001: serialization_failure, whose
				// transaction was rolled back whole,
				// so the same request again is safe
				if (state.equals("55P03") || state.equals("57014") || state.equals("25P03") || state.equals("40P01")
						|| state.equals("40001")) {
					return Optional.of(Kind.BUSY);
				}
			}
		}
		return Optional.empty();
	}

}

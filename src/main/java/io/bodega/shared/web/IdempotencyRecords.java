package io.bodega.shared.web;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;

import io.bodega.shared.db.AdvisoryLocks;
import io.bodega.shared.db.Purges;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@link Idempotency}'s records in PostgreSQL, one per caller and key: a kept answer
 * (sealed), or the claim of a stepwise run until it answers. Kept 25 hours.
 */
@Component
class IdempotencyRecords {

	/**
	 * A kept record: an answer, or a claim of a stepwise run ({@code claimed}), still
	 * running or expired.
	 */
	record Stored(String fingerprint, int status, byte[] body, boolean claimed, boolean running) {
	}

	private final JdbcClient jdbc;

	IdempotencyRecords(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Takes this caller's key for the transaction, or answers false at once when a
	 * running request holds it. The lock's 64 bits are the start of a SHA-256 of caller
	 * and key; two keys sharing them would only make one wait for the other's 409 retry.
	 */
	boolean lock(String caller, String key) {
		return jdbc.sql("select pg_try_advisory_xact_lock(?)")
			.param(AdvisoryLocks.key(caller + "\n" + key))
			.query(Boolean.class)
			.single();
	}

	Optional<Stored> stored(String caller, String key) {
		return jdbc.sql("""
				select fingerprint, response_status, response_body, running_until is not null, running_until > now()
				from idempotency_keys where caller = ? and key = ?""")
			.params(caller, key)
			.query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getBoolean(4),
					rs.getBoolean(5)))
			.optional();
	}

	void keep(String caller, String key, String fingerprint, int status, byte[] sealed) {
		jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body)
				values (:caller, :key, :fingerprint, :status, :body)""")
			.param("caller", caller)
			.param("key", key)
			.param("fingerprint", fingerprint)
			.param("status", status)
			.param("body", sealed)
			.update();
	}

	/**
	 * Claims the key for a stepwise run (taking over an expired claim); the claim's end
	 * is the run's token.
	 */
	OffsetDateTime claim(String caller, String key, String fingerprint, Duration claim) {
		return jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, running_until)
				values (:caller, :key, :fingerprint, 0, '', clock_timestamp() + make_interval(secs => :claim))
				on conflict (caller, key) do update
				set running_until = excluded.running_until, created_at = now()
				returning running_until""")
			.param("caller", caller)
			.param("key", key)
			.param("fingerprint", fingerprint)
			.param("claim", claim.toSeconds())
			.query(OffsetDateTime.class)
			.single();
	}

	/** Gives a claimed key back, if the claim is still this run's. */
	void release(String caller, String key, OffsetDateTime until) {
		jdbc.sql("""
				delete from idempotency_keys where caller = ? and key = ? and running_until = ?""")
			.params(caller, key, until)
			.update();
	}

	/**
	 * Replaces a claim with its answer; 0 when the claim is no longer this run's.
	 */
	int answer(String caller, String key, OffsetDateTime until, int status, byte[] sealed) {
		return jdbc.sql("""
				update idempotency_keys set response_status = :status, response_body = :body, running_until = null
				where caller = :caller and key = :key and running_until = :claim""")
			.param("status", status)
			.param("body", sealed)
			.param("caller", caller)
			.param("key", key)
			.param("claim", until)
			.update();
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
	void purge() {
		Purges.delete(jdbc, "idempotency_keys", "created_at < now() - interval '25 hours'");
	}

}

package io.bodega.shared.db;

import java.nio.ByteBuffer;
import java.util.Arrays;

import io.bodega.shared.Hashes;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * PostgreSQL advisory locks named by text: the lock's 64 bits are the start of the name's
 * SHA-256. Two names sharing them would only make one wait for the other, never let two
 * holders in at once.
 */
public final class AdvisoryLocks {

	private AdvisoryLocks() {
	}

	/** The lock key of a name, such as {@code "rate-limit\nregistration\nall"}. */
	public static long key(String name) {
		return ByteBuffer.wrap(Hashes.sha256(name)).getLong();
	}

	/**
	 * Takes the named locks until the caller's transaction ends, waiting for any another
	 * holds. In one statement and in the order of their keys, so two transactions taking
	 * overlapping locks cannot deadlock on them. A statement that must see what the last
	 * holder committed runs after this one (under READ COMMITTED a statement's snapshot
	 * is taken when it starts).
	 */
	public static void lockForTransaction(JdbcClient jdbc, String... names) {
		Long[] keys = Arrays.stream(names).map(AdvisoryLocks::key).sorted().distinct().toArray(Long[]::new);
		jdbc.sql("select count(pg_advisory_xact_lock(k)) from unnest(cast(? as bigint[])) k")
			.param(keys)
			.query(Long.class)
			.single();
	}

}

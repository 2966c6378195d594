package io.bodega.shared.web;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.bodega.shared.DomainException;
import io.bodega.shared.Hashes;
import io.bodega.shared.db.AdvisoryLocks;
import io.bodega.shared.db.Purges;
import io.bodega.shared.keys.SecretKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a state-changing request at most once per {@code Idempotency-Key} and caller, with
 * the record in PostgreSQL: the same key and request replays the first answer (same
 * status, same bytes); the same key with another request is 422
 * {@code idempotency_key_reused}; a second request while the first runs is 409
 * {@code idempotency_in_progress}.
 * <p>
 * The whole run is one transaction: it takes a transaction-scoped advisory lock on the
 * caller and key (without waiting: held by a running request, the answer is 409), looks
 * for a kept answer, does the work and keeps its answer. So the work and its record
 * commit together or not at all: a failed request, or a crash, leaves nothing and the key
 * free for a retry, and a running request's key can never be taken by another. Work that
 * commits steps of its own (a payment records itself before the card is charged) keeps
 * those steps; it must then refuse its own repetition, as a payment does with its
 * one-payment-per-order rule. A replay says so in the {@value #REPLAYED} header. Records
 * are kept 25 hours.
 */
@Component
public class Idempotency {

	private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

	/**
	 * The response header that marks a replayed answer, as Stripe-style APIs do; first
	 * answers carry none.
	 */
	public static final String REPLAYED = "Idempotent-Replayed";

	/**
	 * What {@link #REPLAYED} means, for the OpenAPI document of every operation that may
	 * replay.
	 */
	public static final String REPLAYED_MEANING = "true on a replay: the kept answer of an earlier request with the "
			+ "same key and body; absent on a first answer";

	/**
	 * An answer to keep and replay; {@code replayed} when it is the kept answer of an
	 * earlier request.
	 */
	public record Answer(int status, byte[] body, boolean replayed) {

		/** A first answer, fresh from the work. */
		public Answer(int status, byte[] body) {
			this(status, body, false);
		}

		/**
		 * The HTTP answer's status, with {@value Idempotency#REPLAYED} set on a replay so
		 * the client can tell.
		 */
		public ResponseEntity.BodyBuilder response() {
			ResponseEntity.BodyBuilder response = ResponseEntity.status(status);
			return replayed ? response.header(REPLAYED, "true") : response;
		}
	}

	static final class KeyRequired extends DomainException {

		KeyRequired() {
			super(Kind.INVALID, "idempotency_key_required", "Send an Idempotency-Key header (1 to 255 characters)");
		}

	}

	static final class KeyReused extends DomainException {

		KeyReused() {
			super(Kind.UNPROCESSABLE, "idempotency_key_reused",
					"This Idempotency-Key was used for a different request; use a new key for a new request");
		}

	}

	static final class InProgress extends DomainException {

		InProgress() {
			super(Kind.CONFLICT, "idempotency_in_progress",
					"A request with this Idempotency-Key is still running; retry in a moment");
		}

	}

	/**
	 * A kept record: an answer, or a claim of a stepwise run ({@code claimed}), still
	 * running or expired.
	 */
	private record Stored(String fingerprint, int status, byte[] body, boolean claimed, boolean running) {
	}

	/**
	 * How long a stepwise run's claim on its key lasts: longer than its work can take (a
	 * payment's charge must end within a minute), so a live run is never taken over; a
	 * run whose node died frees its key after this.
	 */
	static final Duration CLAIM = Duration.ofMinutes(2);

	private static final byte SEALED = 1;

	private static final int NONCE_BYTES = 12;

	private static final SecureRandom RANDOM = new SecureRandom();

	private final JdbcClient jdbc;

	private final TransactionTemplate tx;

	private final SecretKeys keys;

	Idempotency(JdbcClient jdbc, TransactionTemplate tx, SecretKeys keys) {
		this.jdbc = jdbc;
		this.tx = tx;
		this.keys = keys;
	}

	/**
	 * Answers {@code work}'s answer, computed once for this caller, key and request.
	 * {@code work} runs in the transaction that keeps its answer.
	 */
	public Answer run(String caller, String key, String request, Supplier<Answer> work) {
		Keyed keyed = keyed(caller, key, request);
		String fingerprint = keyed.fingerprint();
		byte[] sealing = keyed.sealing();
		String record = keyed.record();
		return tx.execute(status -> {
			if (!lock(caller, key)) {
				throw new InProgress();
			}
			// A statement of its own, after the lock: under READ COMMITTED (PostgreSQL's
			// default, which Bodega never
			// changes) its snapshot then sees a record committed by the lock's last
			// holder.
			Optional<Stored> stored = stored(caller, key);
			if (stored.isPresent()) {
				return replay(stored.get(), fingerprint, sealing, record);
			}
			Answer answer = work.get();
			jdbc.sql("""
					insert into idempotency_keys (caller, key, fingerprint, response_status, response_body)
					values (:caller, :key, :fingerprint, :status, :body)""")
				.param("caller", caller)
				.param("key", key)
				.param("fingerprint", fingerprint)
				.param("status", answer.status())
				.param("body", seal(sealing, answer.body(), record))
				.update();
			return answer;
		});
	}

	/**
	 * Like {@link #run}, for work that commits steps of its own and waits on the outside
	 * world between them (a payment's charge): no transaction stays open across it, so
	 * none is cut off by the database's idle-in-transaction bound and none holds a
	 * connection while it waits. A short transaction claims the key for {@link #CLAIM} (a
	 * running claim answers 409 {@code idempotency_in_progress}, as the lock does in
	 * {@link #run}), the work runs, and another short transaction replaces the claim with
	 * the answer. A failed run gives the key back. If the node dies mid-way, the claim
	 * expires and a retry runs the work again: such work must refuse its own repetition
	 * (a payment does, with its one-payment-per-order rule, and its charge is keyed by
	 * the payment's id).
	 */
	public Answer runInSteps(String caller, String key, String request, Supplier<Answer> work) {
		Keyed keyed = keyed(caller, key, request);
		String fingerprint = keyed.fingerprint();
		byte[] sealing = keyed.sealing();
		String record = keyed.record();
		// The claim's end, to the microsecond, is this run's token: only the run that
		// made the claim may replace it
		// with its answer or give the key back, even if its claim ran out and another run
		// took the key over.
		Claim claim = tx.execute(status -> {
			if (!lock(caller, key)) {
				throw new InProgress();
			}
			Optional<Stored> stored = stored(caller, key);
			boolean abandoned = stored.isPresent() && stored.get().claimed() && !stored.get().running();
			if (stored.isPresent() && !abandoned) {
				return new Claim(replay(stored.get(), fingerprint, sealing, record), null);
			}
			if (abandoned && !stored.get().fingerprint().equals(fingerprint)) {
				throw new KeyReused();
			}
			// no record, or the expired claim of a run whose node died: this run claims
			// the key
			return new Claim(null, jdbc
				.sql("""
						insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, running_until)
						values (:caller, :key, :fingerprint, 0, '', clock_timestamp() + make_interval(secs => :claim))
						on conflict (caller, key) do update
						set running_until = excluded.running_until, created_at = now()
						returning running_until""")
				.param("caller", caller)
				.param("key", key)
				.param("fingerprint", fingerprint)
				.param("claim", CLAIM.toSeconds())
				.query(OffsetDateTime.class)
				.single());
		});
		if (claim.kept() != null) {
			return claim.kept();
		}
		Answer answer;
		try {
			answer = work.get();
		}
		catch (RuntimeException | Error e) {
			try {
				tx.executeWithoutResult(status -> jdbc.sql("""
						delete from idempotency_keys where caller = ? and key = ? and running_until = ?""")
					.params(caller, key, claim.until())
					.update());
			}
			catch (RuntimeException lost) {
				// the claim stays until it runs out; the work's own failure is what the
				// caller hears of
				e.addSuppressed(lost);
			}
			throw e;
		}
		int answered = tx.execute(status -> jdbc.sql("""
				update idempotency_keys set response_status = :status, response_body = :body, running_until = null
				where caller = :caller and key = :key and running_until = :claim""")
			.param("status", answer.status())
			.param("body", seal(sealing, answer.body(), record))
			.param("caller", caller)
			.param("key", key)
			.param("claim", claim.until())
			.update());
		if (answered == 0) {
			log.warn("An idempotent run outlived its claim of {} and another run took the key over; its answer is "
					+ "not kept", CLAIM);
		}
		return answer;
	}

	/**
	 * What claiming a key came to: the answer kept for it, or this run's claim until the
	 * given time.
	 */
	private record Claim(@Nullable Answer kept, @Nullable OffsetDateTime until) {
	}

	/**
	 * A request's key checked, with its fingerprint, the key that seals its answer, and
	 * its record's name.
	 */
	private record Keyed(String fingerprint, byte[] sealing, String record) {
	}

	private Keyed keyed(String caller, String key, String request) {
		if (key == null || key.isEmpty() || key.length() > 255) {
			throw new KeyRequired();
		}
		// Keyed, because a payment's request holds a card number: a plain digest of one
		// could be reversed by trying
		// every number. The key is not in the database, so neither is a way to reverse
		// it.
		return new Keyed(Hashes.hmacSha256Hex(keys.key("idempotency-fingerprint"), request),
				keys.key("idempotency-answers"), caller + "\n" + key);
	}

	/**
	 * The kept answer, if the record is one for this request; a claim still running is
	 * 409.
	 */
	private static Answer replay(Stored stored, String fingerprint, byte[] sealing, String record) {
		if (!stored.fingerprint().equals(fingerprint)) {
			throw new KeyReused();
		}
		if (stored.claimed()) {
			throw new InProgress();
		}
		return new Answer(stored.status(), open(sealing, stored.body(), record), true);
	}

	/**
	 * Kept answers are sealed (AES-256-GCM under a key derived from the server secret,
	 * bound to their caller and key): they carry bearer secrets such as a guest's
	 * {@code orderToken}, which the orders table itself keeps only as a hash, and a copy
	 * of the database or a backup must not hand them out. Format: version 1, a 12-byte
	 * nonce, the ciphertext.
	 */
	static byte[] seal(byte[] secret, byte[] answer, String record) {
		try {
			byte[] nonce = new byte[NONCE_BYTES];
			RANDOM.nextBytes(nonce);
			Cipher cipher = cipher(Cipher.ENCRYPT_MODE, secret, nonce, record);
			byte[] sealed = cipher.doFinal(answer);
			return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(SEALED).put(nonce).put(sealed).array();
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("AES-GCM is part of every JDK", e);
		}
	}

	/**
	 * The answer a record keeps; one kept before answers were sealed (plain JSON) is
	 * answered as it is.
	 */
	static byte[] open(byte[] secret, byte[] kept, String record) {
		if (kept.length == 0 || kept[0] != SEALED) {
			return kept;
		}
		try {
			byte[] nonce = Arrays.copyOfRange(kept, 1, 1 + NONCE_BYTES);
			return cipher(Cipher.DECRYPT_MODE, secret, nonce, record).doFinal(kept, 1 + NONCE_BYTES,
					kept.length - 1 - NONCE_BYTES);
		}
		catch (GeneralSecurityException e) {
			throw new IllegalStateException("A kept idempotent answer does not open: wrong secret, or altered", e);
		}
	}

	private static Cipher cipher(int mode, byte[] secret, byte[] nonce, String record) throws GeneralSecurityException {
		Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
		cipher.init(mode, new SecretKeySpec(secret, "AES"), new GCMParameterSpec(128, nonce));
		cipher.updateAAD(record.getBytes(StandardCharsets.UTF_8));
		return cipher;
	}

	/**
	 * Takes this caller's key for the transaction, or answers false at once when a
	 * running request holds it. The lock's 64 bits are the start of a SHA-256 of caller
	 * and key; two keys sharing them would only make one wait for the other's 409 retry.
	 */
	private boolean lock(String caller, String key) {
		return jdbc.sql("select pg_try_advisory_xact_lock(?)")
			.param(AdvisoryLocks.key(caller + "\n" + key))
			.query(Boolean.class)
			.single();
	}

	private Optional<Stored> stored(String caller, String key) {
		return jdbc.sql("""
				select fingerprint, response_status, response_body, running_until is not null, running_until > now()
				from idempotency_keys where caller = ? and key = ?""")
			.params(caller, key)
			.query((rs, n) -> new Stored(rs.getString(1), rs.getInt(2), rs.getBytes(3), rs.getBoolean(4),
					rs.getBoolean(5)))
			.optional();
	}

	/**
	 * A caller scope for requests without a signed-in user: derived from the secret they
	 * hold (a cart id, an order token), so two guests never share keys and a key never
	 * answers to someone without the secret.
	 */
	public static String guest(String secret) {
		return "guest:" + Hashes.sha256Hex(secret == null ? "" : secret);
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
	void purge() {
		Purges.delete(jdbc, "idempotency_keys", "created_at < now() - interval '25 hours'");
	}

}

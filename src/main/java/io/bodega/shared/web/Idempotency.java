package io.bodega.shared.web;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Supplier;

import io.bodega.shared.DomainException;
import io.bodega.shared.Hashes;
import io.bodega.shared.keys.SecretKeys;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.ResponseEntity;
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
	 * How long a stepwise run's claim on its key lasts: longer than its work can take (a
	 * payment's charge must end within a minute), so a live run is never taken over; a
	 * run whose node died frees its key after this.
	 */
	static final Duration CLAIM = Duration.ofMinutes(2);

	private final IdempotencyRecords records;

	private final TransactionTemplate tx;

	private final SecretKeys keys;

	Idempotency(IdempotencyRecords records, TransactionTemplate tx, SecretKeys keys) {
		this.records = records;
		this.tx = tx;
		this.keys = keys;
	}

	/**
	 * Answers {@code work}'s answer, computed once for this caller, key and request.
	 * {@code work} runs in the transaction that keeps its answer.
	 */
	public Answer run(String caller, String key, String request, Supplier<Answer> work) {
		Keyed keyed = keyed(caller, key, request);
		return tx.execute(status -> {
			if (!records.lock(caller, key)) {
				throw new InProgress();
			}
			// A statement of its own, after the lock: under READ COMMITTED (PostgreSQL's
			// default, which Bodega never
			// changes) its snapshot then sees a record committed by the lock's last
			// holder.
			Optional<IdempotencyRecords.Stored> stored = records.stored(caller, key);
			if (stored.isPresent()) {
				return replay(stored.get(), keyed);
			}
			Answer answer = work.get();
			records.keep(caller, key, keyed.fingerprint(), answer.status(),
					AnswerSeal.seal(keyed.sealing(), answer.body(), keyed.record()));
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
		Claim claim = tx.execute(status -> claim(caller, key, keyed));
		if (claim.kept() != null) {
			return claim.kept();
		}
		Answer answer;
		try {
			answer = work.get();
		}
		catch (RuntimeException | Error e) {
			giveBack(caller, key, claim, e);
			throw e;
		}
		keep(caller, key, keyed, claim, answer);
		return answer;
	}

	/**
	 * Claims the key, or finds its kept answer. The claim's end, to the microsecond, is
	 * this run's token: only the run that made the claim may replace it with its answer
	 * or give the key back, even if its claim ran out and another run took the key over.
	 */
	private Claim claim(String caller, String key, Keyed keyed) {
		if (!records.lock(caller, key)) {
			throw new InProgress();
		}
		Optional<IdempotencyRecords.Stored> stored = records.stored(caller, key);
		boolean abandoned = stored.isPresent() && stored.get().claimed() && !stored.get().running();
		if (stored.isPresent() && !abandoned) {
			return new Claim(replay(stored.get(), keyed), null);
		}
		if (abandoned && !stored.get().fingerprint().equals(keyed.fingerprint())) {
			throw new KeyReused();
		}
		// no record, or the expired claim of a run whose node died: this run claims the
		// key
		return new Claim(null, records.claim(caller, key, keyed.fingerprint(), CLAIM));
	}

	/** A failed run gives its key back, for a retry to run the work again. */
	private void giveBack(String caller, String key, Claim claim, Throwable failure) {
		try {
			tx.executeWithoutResult(status -> records.release(caller, key, claim.until()));
		}
		catch (RuntimeException lost) {
			// the claim stays until it runs out; the work's own failure is what the
			// caller hears of
			failure.addSuppressed(lost);
		}
	}

	/**
	 * Replaces this run's claim with its answer, unless another run took the key over.
	 */
	private void keep(String caller, String key, Keyed keyed, Claim claim, Answer answer) {
		int answered = tx.execute(status -> records.answer(caller, key, claim.until(), answer.status(),
				AnswerSeal.seal(keyed.sealing(), answer.body(), keyed.record())));
		if (answered == 0) {
			log.warn("An idempotent run outlived its claim of {} and another run took the key over; its answer is "
					+ "not kept", CLAIM);
		}
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
	private static Answer replay(IdempotencyRecords.Stored stored, Keyed keyed) {
		if (!stored.fingerprint().equals(keyed.fingerprint())) {
			throw new KeyReused();
		}
		if (stored.claimed()) {
			throw new InProgress();
		}
		return new Answer(stored.status(), AnswerSeal.open(keyed.sealing(), stored.body(), keyed.record()), true);
	}

	/**
	 * A caller scope for requests without a signed-in user: derived from the secret they
	 * hold (a cart id, an order token), so two guests never share keys and a key never
	 * answers to someone without the secret.
	 */
	public static String guest(String secret) {
		return "guest:" + Hashes.sha256Hex(secret == null ? "" : secret);
	}

}

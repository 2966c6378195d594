package io.bodega.shared.web;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.bodega.shared.DomainException;
import io.bodega.shared.Hashes;

import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs a state-changing request at most once per {@code Idempotency-Key} and caller, with the record in PostgreSQL:
 * the same key and request replays the first answer (same status, same bytes); the same key with another request is
 * 422 {@code idempotency_key_reused}; a second request while the first runs is 409 {@code idempotency_in_progress}.
 * The work and the completion of its record commit in one transaction, so a crash can leave a claim behind but never
 * work without its record; a claim left for a minute is taken over. Each claim carries a random token and a run
 * completes or frees the record only while the token is still its own: a slow run whose claim was taken over is
 * undone and answered 409, and cannot overwrite or delete the record of the run that took over. A request that fails
 * frees its key for a retry. A replay says so in the {@value #REPLAYED} header. Records are kept 25 hours.
 */
@Component
public class Idempotency {

	/** The response header that marks a replayed answer, as Stripe-style APIs do; first answers carry none. */
	public static final String REPLAYED = "Idempotent-Replayed";

	/** What {@link #REPLAYED} means, for the OpenAPI document of every operation that may replay. */
	public static final String REPLAYED_MEANING = "true on a replay: the kept answer of an earlier request with the "
			+ "same key and body; absent on a first answer";

	/** An answer to keep and replay; {@code replayed} when it is the kept answer of an earlier request. */
	public record Answer(int status, byte[] body, boolean replayed) {

		/** A first answer, fresh from the work. */
		public Answer(int status, byte[] body) {
			this(status, body, false);
		}

		/** The HTTP answer's status, with {@value Idempotency#REPLAYED} set on a replay so the client can tell. */
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

	private record Stored(String fingerprint, String state, Integer status, byte[] body, boolean abandoned) {
	}

	private final JdbcClient jdbc;
	private final TransactionTemplate tx;

	Idempotency(JdbcClient jdbc, TransactionTemplate tx) {
		this.jdbc = jdbc;
		this.tx = tx;
	}

	/**
	 * Answers {@code work}'s answer, computed once for this caller, key and request. {@code work} runs in a
	 * transaction that also completes the record.
	 */
	public Answer run(String caller, String key, String request, Supplier<Answer> work) {
		if (key == null || key.isEmpty() || key.length() > 255) {
			throw new KeyRequired();
		}
		String fingerprint = Hashes.sha256Hex(request);
		UUID mine = UUID.randomUUID();
		if (!claim(caller, key, fingerprint, mine)) {
			Stored stored = stored(caller, key).orElseThrow(InProgress::new);
			if (!stored.fingerprint().equals(fingerprint)) {
				throw new KeyReused();
			}
			if ("done".equals(stored.state())) {
				return new Answer(stored.status(), stored.body(), true);
			}
			if (!(stored.abandoned() && takeOver(caller, key, mine))) {
				throw new InProgress();
			}
		}
		try {
			return tx.execute(status -> {
				Answer answer = work.get();
				int completed = jdbc.sql("""
						update idempotency_keys set state = 'done', response_status = :status, response_body = :body,
						  completed_at = now()
						where caller = :caller and key = :key and claim = :mine""")
					.param("status", answer.status())
					.param("body", answer.body())
					.param("caller", caller)
					.param("key", key)
					.param("mine", mine)
					.update();
				if (completed == 0) {
					// taken over while this run was slow: the other run owns the key now, so this work must not stay
					throw new InProgress();
				}
				return answer;
			});
		}
		catch (RuntimeException e) {
			jdbc.sql("delete from idempotency_keys where caller = ? and key = ? and claim = ? and state = 'in_progress'")
				.params(caller, key, mine)
				.update();
			throw e;
		}
	}

	private boolean claim(String caller, String key, String fingerprint, UUID mine) {
		return jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, state, claim) values (?, ?, ?, 'in_progress', ?)
				on conflict (caller, key) do nothing""")
			.params(caller, key, fingerprint, mine)
			.update() == 1;
	}

	private boolean takeOver(String caller, String key, UUID mine) {
		return jdbc.sql("""
				update idempotency_keys set created_at = now(), claim = ?
				where caller = ? and key = ? and state = 'in_progress' and created_at < now() - interval '1 minute'""")
			.params(mine, caller, key)
			.update() == 1;
	}

	private Optional<Stored> stored(String caller, String key) {
		return jdbc.sql("""
				select fingerprint, state, response_status, response_body,
				       created_at < now() - interval '1 minute' as abandoned
				from idempotency_keys where caller = ? and key = ?""")
			.params(caller, key)
			.query((rs, n) -> new Stored(rs.getString(1), rs.getString(2), (Integer) rs.getObject(3), rs.getBytes(4),
					rs.getBoolean(5)))
			.optional();
	}

	/**
	 * A caller scope for requests without a signed-in user: derived from the secret they hold (a cart id, an order
	 * token), so two guests never share keys and a key never answers to someone without the secret.
	 */
	public static String guest(String secret) {
		return "guest:" + Hashes.sha256Hex(secret == null ? "" : secret);
	}

	@Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT2M")
	void purge() {
		jdbc.sql("delete from idempotency_keys where created_at < now() - interval '25 hours'").update();
	}

}

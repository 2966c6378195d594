package io.bodega.accounts.users;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import io.bodega.shared.Hashes;
import io.bodega.shared.Ids;
import io.bodega.shared.ValidationFailed;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import java.util.Locale;

/**
 * Single-use tokens mailed for password reset and e-mail verification. Stored as hashes;
 * spent by one conditional UPDATE, so two concurrent uses of one token cannot both
 * succeed.
 */
@Component
public class OneTimeTokens {

	public enum Purpose {

		PASSWORD_RESET(Duration.ofMinutes(30)), EMAIL_VERIFICATION(Duration.ofHours(48));

		final Duration lifetime;

		Purpose(Duration lifetime) {
			this.lifetime = lifetime;
		}

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}

	private final JdbcClient jdbc;

	OneTimeTokens(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public String issue(UUID userId, Purpose purpose) {
		String token = Ids.newSecret();
		jdbc.sql("""
				insert into one_time_tokens (token_hash, user_id, purpose, expires_at)
				values (:hash, :user, :purpose, now() + make_interval(secs => :lifetime))""")
			.param("hash", Hashes.sha256(token))
			.param("user", userId)
			.param("purpose", purpose.value())
			.param("lifetime", (double) purpose.lifetime.toSeconds())
			.update();
		return token;
	}

	/**
	 * True when a token of this purpose was issued to the user within the last minute
	 * (mail-bombing guard).
	 */
	public boolean issuedRecently(UUID userId, Purpose purpose) {
		return jdbc.sql("""
				select exists (select 1 from one_time_tokens where user_id = :user and purpose = :purpose
				               and created_at > now() - interval '1 minute')""")
			.param("user", userId)
			.param("purpose", purpose.value())
			.query(Boolean.class)
			.single();
	}

	/**
	 * The user a live token belongs to, without spending it; empty when unknown, spent,
	 * expired or of another purpose.
	 */
	public Optional<UUID> holder(String token, Purpose purpose) {
		return jdbc.sql("""
				select user_id from one_time_tokens
				where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > now()""")
			.param("hash", Hashes.sha256(token))
			.param("purpose", purpose.value())
			.query(UUID.class)
			.optional();
	}

	/**
	 * Spends a live token and returns its user; empty when unknown, spent, expired or of
	 * another purpose.
	 */
	public Optional<UUID> spend(String token, Purpose purpose) {
		return jdbc.sql("""
				update one_time_tokens set used_at = now()
				where token_hash = :hash and purpose = :purpose and used_at is null and expires_at > now()
				returning user_id""")
			.param("hash", Hashes.sha256(token))
			.param("purpose", purpose.value())
			.query(UUID.class)
			.optional();
	}

	/**
	 * Spends every other live token of that purpose: after a reset, older reset links are
	 * dead too.
	 */
	public void spendAll(UUID userId, Purpose purpose) {
		jdbc.sql(
				"update one_time_tokens set used_at = now() where user_id = :user and purpose = :purpose and used_at is null")
			.param("user", userId)
			.param("purpose", purpose.value())
			.update();
	}

	/**
	 * The answer to a token that is unknown, spent, expired or of another purpose: the
	 * same for each, so it tells nothing about which.
	 */
	public static ValidationFailed invalid() {
		return new ValidationFailed("token", "is invalid, expired or already used");
	}

	public int purgeOld() {
		return jdbc.sql("delete from one_time_tokens where expires_at < now() - interval '1 day'").update();
	}

}

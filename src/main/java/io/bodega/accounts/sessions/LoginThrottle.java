package io.bodega.accounts.sessions;

import java.time.Duration;
import java.util.Locale;
import java.time.Instant;

import io.bodega.accounts.users.AccountsProperties;
import io.bodega.shared.DomainException;
import io.bodega.shared.RateLimited;
import io.bodega.shared.db.Purges;
import io.bodega.shared.web.ClientAddress;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts sign-in failures per e-mail and per client address in PostgreSQL, so the limit
 * holds across nodes. An attempt writes its row before it is judged and counts itself:
 * concurrent guesses cannot slip past the limit together. A successful sign-in removes
 * the account's rows; a failed one leaves its row as a failure. Throttled attempts are
 * not counted and never reach the password check. The lock lifts by itself when the
 * window has passed, and a completed password reset lifts it at once.
 *
 * <p>
 * Known addresses: every successful sign-in records the (e-mail, address) pair, kept 90
 * days. Past the account's limit, an attempt from an address this e-mail signed in from
 * within those 90 days still has its password checked: the right one signs in (and clears
 * the account's failures), a wrong one is answered 429 and stays counted. So somebody
 * guessing from elsewhere cannot keep the owner locked out, and successful sign-ins from
 * the owner's usual places are never throttled. From any other address the account's lock
 * holds whatever the password. The per-address limit holds for every attempt, known
 * address or not, so guesses from a known address are bounded by it.
 *
 * <p>
 * A client address is counted as {@link ClientAddress#key its key}: an IPv6 client by its
 * /64 prefix.
 */
@Component
public class LoginThrottle {

	/** How long a successful sign-in makes its address a known one. */
	static final Duration KNOWN_FOR = Duration.ofDays(90);

	/**
	 * A sign-in attempt under way. {@code lockedFor} is set when the account is past its
	 * limit and only a known address let the attempt through: a wrong password then is
	 * answered 429 for that long.
	 */
	record Attempt(long id, String email, String address, Duration lockedFor) {

		/**
		 * What a wrong password gets: {@code refusal}, or 429 while the account is
		 * locked.
		 */
		DomainException failure(DomainException refusal) {
			return lockedFor == null ? refusal : tooMany(lockedFor.toSeconds());
		}
	}

	private final JdbcClient jdbc;

	private final AccountsProperties properties;

	LoginThrottle(JdbcClient jdbc, AccountsProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/**
	 * Records an attempt for {@code email} from {@code ip}, or throws {@link RateLimited}
	 * if either is over its limit.
	 */
	Attempt begin(String email, String ip) {
		String address = ClientAddress.key(ip);
		long attempt = jdbc.sql("insert into login_attempts (email, ip_address) values (:email, :ip) returning id")
			.param("email", email)
			.param("ip", address)
			.query(Long.class)
			.single();
		record Counts(long byEmail, long byAddress, double emailWait, double addressWait) {
		}
		Counts counts = jdbc
			.sql("""
					select count(*) filter (where email = :email) as by_email,
					       count(*) filter (where ip_address = :ip) as by_address,
					       coalesce(extract(epoch from min(at) filter (where email = :email) + make_interval(secs => :window) - now()), 0) as email_wait,
					       coalesce(extract(epoch from min(at) filter (where ip_address = :ip) + make_interval(secs => :window) - now()), 0) as address_wait
					from login_attempts
					where at > now() - make_interval(secs => :window) and (email = :email or ip_address = :ip)""")
			.param("email", email)
			.param("ip", address)
			.param("window", (double) properties.loginWindow().toSeconds())
			.query((rs, n) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4)))
			.single();
		boolean accountLocked = counts.byEmail() > properties.loginAccountLimit();
		boolean addressLocked = counts.byAddress() > properties.loginAddressLimit();
		if (addressLocked || (accountLocked && !known(email, address))) {
			forget(attempt);
			throw tooMany(Math.max(accountLocked ? counts.emailWait() : 0, addressLocked ? counts.addressWait() : 0));
		}
		Duration lockedFor = accountLocked ? Duration.ofSeconds(wholeSeconds(counts.emailWait())) : null;
		return new Attempt(attempt, email, address, lockedFor);
	}

	/**
	 * The attempt succeeded: the account's failures are forgotten and its address becomes
	 * (or stays) known.
	 */
	void succeeded(Attempt attempt) {
		clearAccount(attempt.email());
		jdbc.sql("""
				insert into known_sign_in_addresses (email, ip_address) values (:email, :ip)
				on conflict (email, ip_address) do update set last_success = now()""")
			.param("email", attempt.email())
			.param("ip", attempt.address())
			.update();
	}

	/**
	 * How the throttle sees an account now, for the staff: its counted failures within
	 * the window, and until when an attempt from an unknown address is refused. The lock
	 * lifts when fewer than the limit remain in the window, that is when the limit-th
	 * newest failure leaves it.
	 */
	public record AccountState(int failedAttempts, Instant lockedUntil) {

		public boolean locked() {
			return lockedUntil != null;
		}
	}

	/**
	 * The e-mail as failures are counted and sign-in addresses known: as typed, trimmed,
	 * lower-cased.
	 */
	public static String key(String email) {
		return email.strip().toLowerCase(Locale.ROOT);
	}

	public AccountState state(String email) {
		return jdbc
			.sql("""
					select count(*) as failures,
					       (select at from login_attempts where email = :email and at > now() - make_interval(secs => :window)
					        order by at desc offset greatest(:limit - 1, 0) limit 1) + make_interval(secs => :window) as locked_until
					from login_attempts
					where email = :email and at > now() - make_interval(secs => :window)""")
			.param("email", email)
			.param("window", (double) properties.loginWindow().toSeconds())
			.param("limit", properties.loginAccountLimit())
			.query((rs, n) -> new AccountState(rs.getInt("failures"),
					rs.getTimestamp("locked_until") == null ? null : rs.getTimestamp("locked_until").toInstant()))
			.single();
	}

	/** The owner proved control of the mailbox: the account's lock lifts at once. */
	public void clearAccount(String email) {
		jdbc.sql("delete from login_attempts where email = ?").param(email).update();
	}

	/** The attempt was not judged (the server was too busy): it counts as no failure. */
	void abandon(Attempt attempt) {
		forget(attempt.id());
	}

	private void forget(long attempt) {
		jdbc.sql("delete from login_attempts where id = ?").param(attempt).update();
	}

	private boolean known(String email, String address) {
		return jdbc.sql("""
				select exists (select 1 from known_sign_in_addresses
				               where email = :email and ip_address = :ip
				                 and last_success > now() - make_interval(secs => :knownFor))""")
			.param("email", email)
			.param("ip", address)
			.param("knownFor", (double) KNOWN_FOR.toSeconds())
			.query(Boolean.class)
			.single();
	}

	private static RateLimited tooMany(double waitSeconds) {
		return new RateLimited("Too many failed sign-ins; try again later or reset your password",
				Duration.ofSeconds(wholeSeconds(waitSeconds)));
	}

	private static long wholeSeconds(double seconds) {
		return (long) Math.ceil(Math.max(1, seconds));
	}

	public int purgeOld() {
		return Purges.delete(jdbc, "login_attempts", "at < now() - interval '1 day'")
				+ Purges.delete(jdbc, "known_sign_in_addresses", "last_success < now() - make_interval(secs => ?)",
						(double) KNOWN_FOR.toSeconds());
	}

}

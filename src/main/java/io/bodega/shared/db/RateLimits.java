package io.bodega.shared.db;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.bodega.shared.RateLimited;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import java.util.Arrays;

/**
 * Abuse limits counted in PostgreSQL, so they hold across every node: at most so many
 * claims per subject (a client address, an e-mail, the whole shop) within a window, such
 * as ten registrations an hour from one address. A claim is a row, written in the
 * caller's transaction: it counts exactly when the work it guards commits, and vanishes
 * with it when that rolls back. Claims of one subject are serialised by a
 * transaction-scoped advisory lock, taken before counting, so racing requests cannot slip
 * past a limit together; a limit whose {@code max} is 0 is off and costs nothing. Three
 * statements however many limits one request claims.
 */
@Component
public class RateLimits {

	/**
	 * At most {@code max} claims of {@code kind} per subject within {@code window} (0: no
	 * limit); over it, the request is answered 429 with {@code refusal} and a Retry-After
	 * of when the oldest claim leaves the window.
	 */
	public record Limit(String kind, int max, Duration window, String refusal) {

		public Limit {
			if (max < 0 || window == null || window.isNegative() || (max > 0 && window.isZero())) {
				throw new IllegalArgumentException("A limit of " + kind + " needs a count of 0 or more and a window");
			}
		}

		boolean off() {
			return max == 0;
		}
	}

	/**
	 * One claim: a use of {@code limit} by {@code subject}, with an optional reference to
	 * {@linkplain #release} it by.
	 */
	public record Claim(Limit limit, String subject, String ref) {
	}

	private static final Logger SECURITY = LoggerFactory.getLogger("bodega.security");

	private final JdbcClient jdbc;

	RateLimits(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Counts the claims, in the caller's transaction, or throws {@link RateLimited} (and
	 * counts none) when any of them would pass its limit.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void claim(Claim... claims) {
		List<Claim> on = Arrays.stream(claims).filter(c -> !c.limit().off()).toList();
		if (on.isEmpty()) {
			return;
		}
		AdvisoryLocks.lockForTransaction(jdbc, on.stream().map(RateLimits::lockName).toArray(String[]::new));
		// A statement of its own, after the locks: under READ COMMITTED it sees the
		// claims their last holders committed.
		// Each subject's claims are counted up to its limit only, oldest first, so a
		// count never costs more than that.
		Map<String, Usage> usage = new HashMap<>();
		jdbc.sql("""
				select c.kind, c.subject, u.used, extract(epoch from u.oldest - now())
				from unnest(cast(? as text[]), cast(? as text[]), cast(? as integer[])) as c (kind, subject, max)
				cross join lateral (
				  select count(*) as used, min(expires_at) as oldest
				  from (select expires_at from rate_limit_claims r
				        where r.kind = c.kind and r.subject = c.subject and r.expires_at > now()
				        order by r.expires_at limit c.max) counted) u""")
			.params(on.stream().map(c -> c.limit().kind()).toArray(String[]::new),
					on.stream().map(Claim::subject).toArray(String[]::new),
					on.stream().map(c -> c.limit().max()).toArray(Integer[]::new))
			.query((rs, n) -> usage.put(rs.getString(1) + "\n" + rs.getString(2),
					new Usage(rs.getLong(3), rs.getDouble(4))))
			.list();
		for (Claim claim : on) {
			Usage used = usage.get(claim.limit().kind() + "\n" + claim.subject());
			if (used != null && used.count() >= claim.limit().max()) {
				refused(claim);
				throw new RateLimited(claim.limit().refusal(),
						Duration.ofSeconds((long) Math.ceil(Math.max(1, used.secondsLeft()))));
			}
		}
		jdbc.sql("""
				insert into rate_limit_claims (kind, subject, ref, expires_at)
				select kind, subject, ref, now() + make_interval(secs => window_seconds)
				from unnest(cast(? as text[]), cast(? as text[]), cast(? as text[]), cast(? as double precision[]))
				     as c (kind, subject, ref, window_seconds)""")
			.params(on.stream().map(c -> c.limit().kind()).toArray(String[]::new),
					on.stream().map(Claim::subject).toArray(String[]::new),
					on.stream().map(Claim::ref).toArray(String[]::new),
					on.stream().map(c -> c.limit().window().toMillis() / 1000.0).toArray(Double[]::new))
			.update();
	}

	/**
	 * Takes back the claims made with {@code ref}: what they guarded turned out not to
	 * count (a card not declined).
	 */
	public void release(String ref) {
		jdbc.sql("delete from rate_limit_claims where ref = ?").param(ref).update();
	}

	/** Claims out of their window count for nothing; any node may delete them. */
	@Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT3M")
	void purge() {
		Purges.delete(jdbc, "rate_limit_claims", "expires_at <= now()");
	}

	private record Usage(long count, double secondsLeft) {
	}

	/**
	 * A refusal goes to the security log (a burst of declined-payment refusals is what
	 * card testing looks like). The subject is named when it is a client address, never
	 * when it is an e-mail or an order.
	 */
	private static void refused(Claim claim) {
		boolean address = claim.limit().kind().endsWith("-address");
		var event = SECURITY.atInfo()
			.addKeyValue("event.action", "rate-limit")
			.addKeyValue("event.outcome", "failure")
			.addKeyValue("event.reason", claim.limit().kind());
		if (address) {
			event = event.addKeyValue("client.ip", claim.subject());
		}
		event.log("Refused by the limit {}{}", claim.limit().kind(), address ? " for " + claim.subject() : "");
	}

	private static String lockName(Claim claim) {
		return "rate-limit\n" + claim.limit().kind() + "\n" + claim.subject();
	}

}

package io.bodega.shared.web.problems;

import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.db.DatabaseFailures;
import io.bodega.shared.db.DatabaseLimits;
import io.bodega.shared.db.DatabaseReachability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * The answer to a request that failed because the database was out of reach or a wait hit
 * its bound ({@link DatabaseFailures}): 503 {@code unavailable} with Retry-After, not a
 * 500, since a retry a moment later may well succeed. What the request's failed
 * transaction held was not written; a request that commits steps of its own (a payment)
 * may have committed some, which its retry with the same Idempotency-Key finds. An
 * out-of-reach database also turns readiness DOWN at once.
 */
@Component
class DatabaseUnavailable {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

	private final DatabaseReachability reachability;

	DatabaseUnavailable(DatabaseReachability reachability) {
		this.reachability = reachability;
	}

	ProblemDetail problem(DatabaseFailures.Kind kind, Throwable failure, HttpServletRequest request) {
		if (kind == DatabaseFailures.Kind.UNREACHABLE) {
			// readiness logs the loss once at WARN; an outage answers many of these
			log.info("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), failure.toString());
			reachability.unreachable();
			return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
					"The database is out of reach for a moment; try again shortly (with the same Idempotency-Key, "
							+ "if the request had one)");
		}
		log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), failure.toString());
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The server is too busy to finish this request now; try again shortly (with the same "
						+ "Idempotency-Key, if the request had one)");
	}

	/**
	 * The 503 answer, if the failure is the database's passing one; the instance is the
	 * path asked for (an error dispatch's request is {@code /error}).
	 */
	Optional<ResponseEntity<ProblemDetail>> answer(Throwable failure, HttpServletRequest request, String path) {
		return DatabaseFailures.temporary(failure)
			.map(kind -> Problems.answer(problem(kind, failure, request), headers(), path));
	}

	HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseLimits.RETRY_AFTER_SECONDS));
		return headers;
	}

}

package io.bodega.shared.web;

import io.bodega.shared.db.DatabaseFailures;
import io.bodega.shared.db.DatabaseLimits;
import io.bodega.shared.db.DatabaseReachability;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The answer to a request that failed because the database was out of reach or a wait hit its bound
 * ({@link DatabaseFailures}): 503 {@code unavailable} with Retry-After, not a 500, since a retry a moment later may
 * well succeed and nothing of the request was written. An out-of-reach database also turns readiness DOWN at once.
 */
@Component
class DatabaseUnavailable {

	private static final Logger log = LoggerFactory.getLogger(DatabaseUnavailable.class);

	private final DatabaseReachability reachability;

	DatabaseUnavailable(DatabaseReachability reachability) {
		this.reachability = reachability;
	}

	ProblemDetail problem(DatabaseFailures.Kind kind, Throwable failure, HttpServletRequest request) {
		log.warn("{} {} answered 503: {}", request.getMethod(), request.getRequestURI(), failure.toString());
		if (kind == DatabaseFailures.Kind.UNREACHABLE) {
			reachability.unreachable();
			return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
					"The database is out of reach for a moment; nothing was changed, try again shortly");
		}
		return Problems.of(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
				"The server is too busy to finish this request now; nothing was changed, try again shortly");
	}

	HttpHeaders headers() {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(DatabaseLimits.RETRY_AFTER_SECONDS));
		return headers;
	}
}

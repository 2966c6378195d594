package io.bodega.shared.web.problems;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request body over its limit: thrown while reading a body that grew past it (the
 * exception handler answers 413 for it), and the one 413 answer, whether the length said
 * so up front or the body grew past the limit while being read.
 */
public final class PayloadTooLarge extends IOException {

	private final long limit;

	public PayloadTooLarge(long limit) {
		super("The request body is larger than " + size(limit));
		this.limit = limit;
	}

	ProblemDetail problem() {
		return problem(limit);
	}

	public static ProblemDetail problem(long limit) {
		return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
				"The request body is larger than " + size(limit));
	}

	/**
	 * A limit in the unit it is set in: Spring's 10MB is 10 MiB (10,485,760 bytes), so it
	 * is said so.
	 */
	static String size(long bytes) {
		if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
			return bytes / (1024 * 1024) + " MiB";
		}
		if (bytes >= 1024 && bytes % 1024 == 0) {
			return bytes / 1024 + " KiB";
		}
		return bytes + " bytes";
	}

}

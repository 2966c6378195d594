package io.bodega.shared;

import java.time.Duration;

/** Too many attempts; the caller may try again after {@link #retryAfter()}. */
public class RateLimited extends DomainException {

	private final Duration retryAfter;

	public RateLimited(String detail, Duration retryAfter) {
		super(Kind.RATE_LIMITED, "rate_limited", detail);
		this.retryAfter = retryAfter;
	}

	public Duration retryAfter() {
		return retryAfter;
	}

}

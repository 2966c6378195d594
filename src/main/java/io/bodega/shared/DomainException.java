package io.bodega.shared;

import java.util.Map;

/**
 * A rule of the business said no. Modules throw specific subclasses ({@code EmailTaken},
 * {@code InvalidOrderState}); {@code shared.web} turns every one of them into a problem
 * answer in one place. The {@link Kind} says what sort of "no" it is without tying the
 * domain to HTTP.
 */
public class DomainException extends RuntimeException {

	public enum Kind {

		INVALID, UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, CONFLICT, PRECONDITION_FAILED, UNPROCESSABLE, RATE_LIMITED,
		TOO_LARGE, UNSUPPORTED_MEDIA, TIMED_OUT

	}

	private final Kind kind;

	private final String code;

	public DomainException(Kind kind, String code, String detail) {
		super(detail, null, false, false);
		this.kind = kind;
		this.code = code;
	}

	public Kind kind() {
		return kind;
	}

	/** The stable snake_case machine code clients switch on. */
	public String code() {
		return code;
	}

	/**
	 * Extra members of the problem answer, such as the short SKUs of
	 * {@code insufficient_stock}.
	 */
	public Map<String, Object> properties() {
		return Map.of();
	}

}

package io.bodega.shared;

/**
 * A unique value is taken or the request clashes with the current state
 * ({@code conflict}).
 */
public class Conflict extends DomainException {

	public Conflict(String detail) {
		super(Kind.CONFLICT, "conflict", detail);
	}

	protected Conflict(String code, String detail) {
		super(Kind.CONFLICT, code, detail);
	}

}

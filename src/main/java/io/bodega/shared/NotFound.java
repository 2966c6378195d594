package io.bodega.shared;

/**
 * An unknown resource, or one the caller may not see: both answer alike so nothing leaks.
 */
public class NotFound extends DomainException {

	public NotFound(String what) {
		super(Kind.NOT_FOUND, "not_found", what + " was not found");
	}

}

package io.bodega.shared;

/** The caller's {@code If-Match} names a version that is no longer current. */
public class PreconditionFailed extends DomainException {

	public PreconditionFailed() {
		super(Kind.PRECONDITION_FAILED, "precondition_failed",
				"The resource has changed since you read it; read it again and retry with the new ETag");
	}

}

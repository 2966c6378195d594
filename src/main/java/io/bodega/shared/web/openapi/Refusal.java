package io.bodega.shared.web.openapi;

/**
 * The refusals the platform gives for many operations alike, each described once under
 * {@code components/responses}. Some come from the HTTP connector before any operation is
 * chosen (414, 431, 501, 505), so every operation can give them.
 */
enum Refusal {

	BAD_REQUEST("400", "BadRequest",
			"validation_failed or malformed_request: a parameter or the body is not "
					+ "valid, or the request is not valid HTTP"),
	MALFORMED_REQUEST("400", "MalformedRequest", "malformed_request: the request is not valid HTTP"),
	UNAUTHENTICATED("401", "Unauthenticated", "unauthenticated: no session, or it ended"),
	FORBIDDEN("403", "Forbidden",
			"forbidden: a cross-origin request from an origin not allowed, or a "
					+ "cookie-authenticated change without an allowed Origin"),
	ADMINS_ONLY("403", "AdminsOnly",
			"forbidden: signed in without the admin role, or a cross-origin request " + "from an origin not allowed"),
	NOT_FOUND("404", "NotFound", "not_found: no such resource, or not the caller's"),
	NOT_ACCEPTABLE("406", "NotAcceptable", "not_acceptable: the Accept header rules out application/json"),
	PRECONDITION_FAILED("412", "PreconditionFailed",
			"precondition_failed: If-Match names a version that is no longer current"),
	PAYLOAD_TOO_LARGE("413", "PayloadTooLarge", "payload_too_large: the body is over the size limit"),
	URI_TOO_LONG("414", "UriTooLong", "uri_too_long: the request line is over the server's limit"),
	UNSUPPORTED_MEDIA_TYPE("415", "UnsupportedMediaType",
			"unsupported_media_type: the body's Content-Type is not the one this takes"),
	HEADERS_TOO_LARGE("431", "HeadersTooLarge", "headers_too_large: the request's headers are too large or too many"),
	INTERNAL_ERROR("500", "InternalError",
			"internal_error: a failure on the server's side; the request id finds it in the logs"),
	NOT_IMPLEMENTED("501", "NotImplemented",
			"not_implemented: the request needs what the server does not "
					+ "implement, such as a transfer coding other than chunked"),
	UNAVAILABLE("503", "Unavailable",
			"unavailable: the database is out of reach for a moment, or a wait in it "
					+ "hit its bound: retry after the Retry-After seconds, with the same Idempotency-Key if any"),
	HTTP_VERSION_NOT_SUPPORTED("505", "HttpVersionNotSupported",
			"http_version_not_supported: only HTTP/1.1 and HTTP/1.0 are spoken");

	final String status;

	final String component;

	final String description;

	Refusal(String status, String component, String description) {
		this.status = status;
		this.component = component;
		this.description = description;
	}

}

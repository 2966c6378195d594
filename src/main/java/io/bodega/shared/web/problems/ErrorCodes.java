package io.bodega.shared.web.problems;

import org.springframework.http.HttpStatus;

/**
 * The machine code for an answer that only has a status, such as one Tomcat or the
 * firewall produced.
 */
public final class ErrorCodes {

	private ErrorCodes() {
	}

	public static String forStatus(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "malformed_request";
			case UNAUTHORIZED -> "unauthenticated";
			case REQUEST_TIMEOUT -> "request_timeout";
			case FORBIDDEN -> "forbidden";
			case NOT_FOUND -> "not_found";
			case METHOD_NOT_ALLOWED -> "method_not_allowed";
			case NOT_ACCEPTABLE -> "not_acceptable";
			case CONFLICT -> "conflict";
			case PRECONDITION_FAILED -> "precondition_failed";
			case CONTENT_TOO_LARGE -> "payload_too_large";
			case URI_TOO_LONG -> "uri_too_long";
			case UNSUPPORTED_MEDIA_TYPE -> "unsupported_media_type";
			case UNPROCESSABLE_CONTENT -> "unprocessable";
			case TOO_MANY_REQUESTS -> "rate_limited";
			case REQUEST_HEADER_FIELDS_TOO_LARGE -> "headers_too_large";
			case SERVICE_UNAVAILABLE -> "unavailable";
			case NOT_IMPLEMENTED -> "not_implemented";
			case HTTP_VERSION_NOT_SUPPORTED -> "http_version_not_supported";
			default -> status.is5xxServerError() ? "internal_error" : "malformed_request";
		};
	}

	/**
	 * Whether an answer of this status means something broke on our side, worth an ERROR
	 * in the log. The 5xx answers that HTTP itself prescribes for a request (an unknown
	 * protocol version or transfer coding) or that a stopping server gives are not.
	 */
	static boolean isFault(HttpStatus status) {
		return status.is5xxServerError() && status != HttpStatus.NOT_IMPLEMENTED
				&& status != HttpStatus.HTTP_VERSION_NOT_SUPPORTED && status != HttpStatus.SERVICE_UNAVAILABLE;
	}

}

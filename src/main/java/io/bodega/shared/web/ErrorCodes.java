package io.bodega.shared.web;

import org.springframework.http.HttpStatus;

/** The machine code for an answer that only has a status, such as one Tomcat or the firewall produced. */
final class ErrorCodes {

	private ErrorCodes() {
	}

	static String forStatus(HttpStatus status) {
		return switch (status) {
			case BAD_REQUEST -> "malformed_request";
			case UNAUTHORIZED -> "unauthenticated";
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
			default -> status.is5xxServerError() ? "internal_error" : "malformed_request";
		};
	}
}

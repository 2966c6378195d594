package io.bodega.shared.web.problems;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds Bodega's RFC 9457 problem answers: {@code type} and {@code title} derive from
 * the stable {@code code}, so one code always reads the same. Used by the MVC exception
 * handler and by filters that answer before MVC runs.
 */
@Component
public class Problems {

	public static final String TYPE_PREFIX = "https://bodega.dev/problems/";

	private final JsonMapper json;

	Problems(JsonMapper json) {
		this.json = json;
	}

	public static ProblemDetail of(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_PREFIX + code.replace('_', '-')));
		problem.setTitle(titleOf(code));
		problem.setProperty("code", code);
		return problem;
	}

	/**
	 * The answer to a path nothing answers, and to a resource the caller may not know of.
	 */
	public static ProblemDetail notFound() {
		return of(HttpStatus.NOT_FOUND, "not_found", "No such resource");
	}

	public static ProblemDetail validation(List<FieldError> errors) {
		ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "validation_failed", ValidationFailed.describe(errors));
		problem.setProperty("errors", errors);
		return problem;
	}

	/**
	 * The {@code instance} member for a request path; a path that is not a valid URI (or
	 * none, when Tomcat could not read the request line) is left out, not a failure.
	 */
	public static URI instance(String path) {
		if (path == null) {
			return null;
		}
		try {
			return URI.create(path);
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	/**
	 * A problem as Spring MVC's answer, the one shape of every problem the exception
	 * handler and the error page give. The content type is set, not negotiated: a problem
	 * is answered whatever the client accepts, even an Accept header that cannot be
	 * parsed (negotiating with one left the answer without a body).
	 */
	static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, HttpHeaders headers, String path) {
		problem.setInstance(instance(path));
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	public static String titleOf(String code) {
		String words = code.replace('_', ' ');
		return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
	}

	/**
	 * Writes a problem straight to the response, for code that runs outside Spring MVC
	 * (filters, security).
	 */
	public void write(HttpServletRequest request, HttpServletResponse response, ProblemDetail problem) {
		if (response.isCommitted()) {
			return;
		}
		problem.setInstance(instance(request.getRequestURI()));
		response.resetBuffer();
		response.setStatus(problem.getStatus());
		// Set as a plain header: the servlet API would append a charset, which JSON does
		// not have.
		response.setHeader("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		try {
			response.getOutputStream().write(json.writeValueAsBytes(problem));
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}

}

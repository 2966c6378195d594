package io.bodega.shared.web.problems;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.DomainException;
import io.bodega.shared.RateLimited;
import io.bodega.shared.ValidationFailed;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become problem answers. Domain exceptions map by their
 * kind, Spring MVC's own exceptions by type ({@link MvcProblems}), and anything
 * unexpected becomes a bare 500 that names no internals (the log has the details).
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	private final DatabaseUnavailable unavailable;

	ProblemHandler(DatabaseUnavailable unavailable) {
		this.unavailable = unavailable;
	}

	private static final Map<DomainException.Kind, HttpStatus> STATUS = Map.ofEntries(
			Map.entry(DomainException.Kind.INVALID, HttpStatus.BAD_REQUEST),
			Map.entry(DomainException.Kind.UNAUTHENTICATED, HttpStatus.UNAUTHORIZED),
			Map.entry(DomainException.Kind.FORBIDDEN, HttpStatus.FORBIDDEN),
			Map.entry(DomainException.Kind.NOT_FOUND, HttpStatus.NOT_FOUND),
			Map.entry(DomainException.Kind.CONFLICT, HttpStatus.CONFLICT),
			Map.entry(DomainException.Kind.PRECONDITION_FAILED, HttpStatus.PRECONDITION_FAILED),
			Map.entry(DomainException.Kind.UNPROCESSABLE, HttpStatus.UNPROCESSABLE_CONTENT),
			Map.entry(DomainException.Kind.RATE_LIMITED, HttpStatus.TOO_MANY_REQUESTS),
			Map.entry(DomainException.Kind.TOO_LARGE, HttpStatus.CONTENT_TOO_LARGE),
			Map.entry(DomainException.Kind.UNSUPPORTED_MEDIA, HttpStatus.UNSUPPORTED_MEDIA_TYPE),
			Map.entry(DomainException.Kind.TIMED_OUT, HttpStatus.REQUEST_TIMEOUT));

	@ExceptionHandler(DomainException.class)
	ResponseEntity<ProblemDetail> domain(DomainException e, HttpServletRequest request) {
		ProblemDetail problem = (e instanceof ValidationFailed v) ? Problems.validation(v.errors())
				: Problems.of(STATUS.get(e.kind()), e.code(), e.getMessage());
		e.properties().forEach(problem::setProperty);
		HttpHeaders headers = new HttpHeaders();
		if (e instanceof RateLimited limited) {
			headers.set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, limited.retryAfter().toSeconds())));
		}
		return Problems.answer(problem, headers, request.getRequestURI());
	}

	/**
	 * A body read by its controller as it arrives (a CSV import) grew past its limit
	 * while being read.
	 */
	@ExceptionHandler(PayloadTooLarge.class)
	ResponseEntity<ProblemDetail> tooLarge(PayloadTooLarge e, HttpServletRequest request) {
		return Problems.answer(e.problem(), new HttpHeaders(), request.getRequestURI());
	}

	/**
	 * The client went away (or stopped sending until the socket's read timeout) while its
	 * body was read: nothing broke here, and the answer most likely reaches no one.
	 */
	@ExceptionHandler(ClientAbortException.class)
	ResponseEntity<ProblemDetail> clientGone(ClientAbortException e, HttpServletRequest request) {
		Throwable cause = e.getCause() == null ? e : e.getCause();
		log.info("Client gone while {} {} was read: {}", request.getMethod(), request.getRequestURI(),
				cause.toString());
		return Problems.answer(
				Problems.of(HttpStatus.BAD_REQUEST, "malformed_request", "The request body did not arrive whole"),
				new HttpHeaders(), request.getRequestURI());
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
		log.info("Unique value taken: {}", e.getMostSpecificCause().getMessage());
		return Problems.answer(
				Problems.of(HttpStatus.CONFLICT, "conflict", "A resource with this unique value already exists"),
				new HttpHeaders(), request.getRequestURI());
	}

	/**
	 * A value the database refuses as data (SQLState class 22, such as a NUL character,
	 * which PostgreSQL text cannot hold) came from the request, so it is the client's
	 * mistake. Every other database failure is unexpected.
	 */
	@ExceptionHandler(DataAccessException.class)
	ResponseEntity<ProblemDetail> refusedData(DataAccessException e, HttpServletRequest request) {
		String sqlState = null;
		for (Throwable t = e; t != null && sqlState == null; t = t.getCause()) {
			if (t instanceof SQLException sql) {
				sqlState = sql.getSQLState();
			}
		}
		if ("23503".equals(sqlState)) {
			// foreign_key_violation: what the change refers to was removed by another
			// request meanwhile (a category
			// deleted while a product was being put into it)
			log.info("Reference refused by the database on {} {}", request.getMethod(), request.getRequestURI());
			return Problems.answer(
					Problems.of(HttpStatus.CONFLICT, "conflict",
							"Something this change refers to was removed meanwhile; reload and try again"),
					new HttpHeaders(), request.getRequestURI());
		}
		if (sqlState == null || !sqlState.startsWith("22")) {
			return unexpected(e, request);
		}
		log.info("Value refused by the database on {} {} (SQLState {})", request.getMethod(), request.getRequestURI(),
				sqlState);
		return Problems.answer(
				Problems.of(HttpStatus.BAD_REQUEST, "malformed_request",
						"The request contains a value that cannot be accepted, such as a NUL character"),
				new HttpHeaders(), request.getRequestURI());
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		boolean anonymous = auth == null || auth instanceof AnonymousAuthenticationToken;
		HttpHeaders headers = new HttpHeaders();
		if (anonymous) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return Problems.answer(anonymous ? SecurityProblems.unauthenticated() : SecurityProblems.forbidden(), headers,
				request.getRequestURI());
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
		Optional<ResponseEntity<ProblemDetail>> temporary = unavailable.answer(e, request, request.getRequestURI());
		if (temporary.isPresent()) {
			return temporary.get();
		}
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
		return Problems.answer(
				Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
						"Something went wrong on our side; the request id identifies it in our logs"),
				new HttpHeaders(), request.getRequestURI());
	}

	/**
	 * Spring MVC's own exceptions: keep its status and headers (such as {@code Allow}),
	 * give the body our shape.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ResponseEntity<ProblemDetail> answer = Problems.answer(MvcProblems.translate(ex, statusCode), headers,
				request.getDescription(false).replaceFirst("^uri=", ""));
		return new ResponseEntity<>(answer.getBody(), answer.getHeaders(), answer.getStatusCode());
	}

}

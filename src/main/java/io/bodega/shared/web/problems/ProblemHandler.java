package io.bodega.shared.web.problems;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import io.bodega.shared.DomainException;
import io.bodega.shared.RateLimited;
import io.bodega.shared.ValidationFailed;
import io.bodega.shared.ValidationFailed.FieldError;
import io.bodega.shared.db.DatabaseFailures;
import org.apache.catalina.connector.ClientAbortException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * The one place where failures become problem answers. Domain exceptions map by their
 * kind, Spring MVC's own exceptions by type, and anything unexpected becomes a bare 500
 * that names no internals (the log has the details).
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
		return answer(problem, headers, request);
	}

	/**
	 * A body read by its controller as it arrives (a CSV import) grew past its limit
	 * while being read.
	 */
	@ExceptionHandler(PayloadTooLarge.class)
	ResponseEntity<ProblemDetail> tooLarge(PayloadTooLarge e, HttpServletRequest request) {
		return answer(e.problem(), new HttpHeaders(), request);
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
		return answer(Problems.of(HttpStatus.BAD_REQUEST, "malformed_request", "The request body did not arrive whole"),
				new HttpHeaders(), request);
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ResponseEntity<ProblemDetail> duplicate(DuplicateKeyException e, HttpServletRequest request) {
		log.info("Unique value taken: {}", e.getMostSpecificCause().getMessage());
		return answer(Problems.of(HttpStatus.CONFLICT, "conflict", "A resource with this unique value already exists"),
				new HttpHeaders(), request);
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
			return answer(
					Problems.of(HttpStatus.CONFLICT, "conflict",
							"Something this change refers to was removed meanwhile; reload and try again"),
					new HttpHeaders(), request);
		}
		if (sqlState == null || !sqlState.startsWith("22")) {
			return unexpected(e, request);
		}
		log.info("Value refused by the database on {} {} (SQLState {})", request.getMethod(), request.getRequestURI(),
				sqlState);
		return answer(
				Problems.of(HttpStatus.BAD_REQUEST, "malformed_request",
						"The request contains a value that cannot be accepted, such as a NUL character"),
				new HttpHeaders(), request);
	}

	@ExceptionHandler(AccessDeniedException.class)
	ResponseEntity<ProblemDetail> denied(AccessDeniedException e, HttpServletRequest request) {
		Authentication auth = SecurityContextHolder.getContext().getAuthentication();
		boolean anonymous = auth == null || auth instanceof AnonymousAuthenticationToken;
		HttpHeaders headers = new HttpHeaders();
		if (anonymous) {
			headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		}
		return answer(anonymous ? SecurityProblems.unauthenticated() : SecurityProblems.forbidden(), headers, request);
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
		Optional<DatabaseFailures.Kind> temporary = DatabaseFailures.temporary(e);
		if (temporary.isPresent()) {
			return answer(unavailable.problem(temporary.get(), e, request), unavailable.headers(), request);
		}
		log.error("Unexpected failure on {} {}", request.getMethod(), request.getRequestURI(), e);
		return answer(
				Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
						"Something went wrong on our side; the request id identifies it in our logs"),
				new HttpHeaders(), request);
	}

	/**
	 * The content type is set, not negotiated: a problem is answered whatever the client
	 * accepts, even an Accept header that cannot be parsed (negotiating with one left the
	 * answer without a body).
	 */
	private static ResponseEntity<ProblemDetail> answer(ProblemDetail problem, HttpHeaders headers,
			HttpServletRequest request) {
		problem.setInstance(Problems.instance(request.getRequestURI()));
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	/**
	 * Spring MVC's own exceptions: keep its status and headers (such as {@code Allow}),
	 * give the body our shape.
	 */
	@Override
	protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
			HttpStatusCode statusCode, WebRequest request) {
		ProblemDetail problem = translate(ex, statusCode);
		problem.setInstance(Problems.instance(request.getDescription(false).replaceFirst("^uri=", "")));
		return ResponseEntity.status(problem.getStatus())
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(problem);
	}

	private ProblemDetail translate(Exception ex, HttpStatusCode statusCode) {
		return switch (ex) {
			case MethodArgumentNotValidException e -> Problems.validation(fieldErrors(e.getBindingResult()));
			case HandlerMethodValidationException e -> Problems.validation(parameterErrors(e));
			case MissingServletRequestParameterException e ->
				Problems.validation(List.of(new FieldError(e.getParameterName(), "is required")));
			case MissingServletRequestPartException e ->
				Problems.validation(List.of(new FieldError(e.getRequestPartName(), "is required")));
			case MissingRequestHeaderException e ->
				Problems.validation(List.of(new FieldError(e.getHeaderName(), "header is required")));
			case MethodArgumentTypeMismatchException e ->
				Problems.validation(List.of(new FieldError(e.getName(), "has an invalid value")));
			case HttpMessageNotReadableException e -> unreadable(e);
			case HttpRequestMethodNotSupportedException e -> Problems.of(HttpStatus.METHOD_NOT_ALLOWED,
					"method_not_allowed", "Method " + e.getMethod() + " is not allowed here");
			case HttpMediaTypeNotSupportedException e ->
				Problems.of(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type",
						"Content type " + (e.getContentType() == null ? "(none)" : e.getContentType())
								+ " is not supported; send " + expected(e.getSupportedMediaTypes()));
			case HttpMediaTypeNotAcceptableException e -> Problems.of(HttpStatus.NOT_ACCEPTABLE, "not_acceptable",
					"None of the accepted media types can be produced");
			case NoResourceFoundException e -> Problems.notFound();
			case NoHandlerFoundException e -> Problems.notFound();
			case MaxUploadSizeExceededException e ->
				Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", "The upload is too large");
			case MultipartException e ->
				Problems.of(HttpStatus.BAD_REQUEST, "malformed_request", "The multipart body could not be read");
			default -> {
				HttpStatus status = HttpStatus.resolve(statusCode.value());
				if (status == null || status.is5xxServerError()) {
					log.error("Unexpected MVC failure", ex);
					yield Problems.of(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error",
							"Something went wrong on our side");
				}
				yield Problems.of(status, ErrorCodes.forStatus(status), status.getReasonPhrase());
			}
		};
	}

	/**
	 * What to send instead: the types an operation consumes when it names its own
	 * (text/csv for imports), otherwise JSON (the converters' long list of types would
	 * only confuse).
	 */
	private static String expected(List<MediaType> supported) {
		if (supported.isEmpty() || supported.stream().anyMatch(MediaType.APPLICATION_JSON::isCompatibleWith)) {
			return "application/json";
		}
		return String.join(" or ", supported.stream().map(MediaType::toString).toList());
	}

	private static ProblemDetail unreadable(HttpMessageNotReadableException e) {
		Throwable cause = e.getCause();
		for (Throwable t = e; t != null; t = t.getCause()) {
			if (t instanceof PayloadTooLarge) {
				return Problems.of(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large", t.getMessage());
			}
		}
		if (cause instanceof DatabindException databind && !databind.getPath().isEmpty()
				&& !(cause instanceof StreamReadException)) {
			String field = jsonPath(databind.getPath());
			return Problems.validation(List.of(new FieldError(field, "has the wrong type or format")));
		}
		String detail = (cause instanceof JacksonException) ? "The request body is not valid JSON"
				: "The request body is missing or unreadable";
		return Problems.of(HttpStatus.BAD_REQUEST, "malformed_request", detail);
	}

	private static String jsonPath(List<JacksonException.Reference> path) {
		StringBuilder field = new StringBuilder();
		for (JacksonException.Reference ref : path) {
			if (ref.getPropertyName() != null) {
				if (!field.isEmpty()) {
					field.append('.');
				}
				field.append(ref.getPropertyName());
			}
			else if (ref.getIndex() >= 0) {
				field.append('[').append(ref.getIndex()).append(']');
			}
		}
		return field.isEmpty() ? "body" : field.toString();
	}

	private static List<FieldError> fieldErrors(Errors result) {
		List<FieldError> errors = new ArrayList<>();
		// A value that could not be converted ("abc" for a number) gets a plain message:
		// Spring's default names Java types.
		result.getFieldErrors()
			.forEach(e -> errors
				.add(new FieldError(e.getField(), e.isBindingFailure() ? "has an invalid value" : message(e))));
		result.getGlobalErrors().forEach(e -> errors.add(new FieldError(e.getObjectName(), message(e))));
		return errors;
	}

	private static List<FieldError> parameterErrors(HandlerMethodValidationException e) {
		List<FieldError> errors = new ArrayList<>();
		for (ParameterValidationResult result : e.getParameterValidationResults()) {
			if (result instanceof ParameterErrors parameterErrors) {
				errors.addAll(fieldErrors(parameterErrors));
				continue;
			}
			String name = result.getMethodParameter().getParameterName();
			for (MessageSourceResolvable error : result.getResolvableErrors()) {
				errors.add(new FieldError(name, message(error)));
			}
		}
		return errors;
	}

	private static String message(MessageSourceResolvable error) {
		return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
	}

}

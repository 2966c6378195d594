package io.bodega.shared.web.problems;

import java.util.ArrayList;
import java.util.List;

import io.bodega.shared.ValidationFailed.FieldError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;

import org.springframework.context.MessageSourceResolvable;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.Errors;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Spring MVC's own exceptions (a body that does not bind, a missing parameter, a method
 * or media type not served) in Bodega's problem shape: the fields at fault named as the
 * request names them, never a Java type.
 */
final class MvcProblems {

	private static final Logger log = LoggerFactory.getLogger(MvcProblems.class);

	private MvcProblems() {
	}

	static ProblemDetail translate(Exception ex, HttpStatusCode statusCode) {
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

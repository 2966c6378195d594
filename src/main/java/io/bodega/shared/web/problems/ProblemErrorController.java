package io.bodega.shared.web.problems;

import java.util.Optional;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.Access;
import io.bodega.shared.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Answers errors that never reached a controller (refused by Tomcat inside the
 * application, such as TRACE, or thrown by a filter) with the same problem shape as
 * everything else. Replaces Spring Boot's whitelabel/JSON error page. Spring Security's
 * header filter skips error dispatches, so the security headers are written here when the
 * first dispatch had not written them. {@code /error} asked for directly is a path like
 * any unknown one: 404.
 */
@RestController
@Access(Access.Level.PUBLIC)
class ProblemErrorController implements ErrorController {

	private static final Logger log = LoggerFactory.getLogger(ProblemErrorController.class);

	private final DatabaseUnavailable unavailable;

	ProblemErrorController(DatabaseUnavailable unavailable) {
		this.unavailable = unavailable;
	}

	@RequestMapping(path = "/error", produces = { MediaType.APPLICATION_PROBLEM_JSON_VALUE, MediaType.ALL_VALUE })
	ResponseEntity<ProblemDetail> error(HttpServletRequest request, HttpServletResponse response) {
		if (request.getDispatcherType() != DispatcherType.ERROR) {
			return Problems.answer(Problems.notFound(), new HttpHeaders(), request.getRequestURI());
		}
		SecurityHeaders.write(request, response);
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = (code instanceof Integer i && HttpStatus.resolve(i) != null) ? HttpStatus.resolve(i)
				: HttpStatus.INTERNAL_SERVER_ERROR;
		Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		String path = uri instanceof String s ? s : "/";
		if (failure instanceof Throwable t) {
			// A filter (a session lookup, a rate limit) may have found the database out
			// of reach or busy.
			Optional<ResponseEntity<ProblemDetail>> unavailable = this.unavailable.answer(t, request, path);
			if (unavailable.isPresent()) {
				return unavailable.get();
			}
		}
		if (ErrorCodes.isFault(status)) {
			log.error("Failure outside the controllers", failure instanceof Throwable t ? t : null);
		}
		ProblemDetail problem = Problems.of(status, ErrorCodes.forStatus(status),
				status.is5xxServerError() ? "Something went wrong on our side" : status.getReasonPhrase());
		return Problems.answer(problem, new HttpHeaders(), path);
	}

}

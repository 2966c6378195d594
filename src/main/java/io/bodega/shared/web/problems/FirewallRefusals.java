package io.bodega.shared.web.problems;

import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.stereotype.Component;

/**
 * Answers what Spring Security's firewall refuses (a path with {@code ;}, {@code //} or
 * encoded dot segments, an unknown method) as a problem with the usual headers. The
 * firewall runs before Spring Security's own filters, so without this the answer would go
 * through an error dispatch without the security headers. Spring Security uses the one
 * {@link RequestRejectedHandler} bean it finds.
 * <p>
 * The firewall keeps its strict default of {@link #KNOWN_METHODS}: an unknown method (say
 * {@code FOO}) is refused before any resource is looked up, so its 405 names in
 * {@code Allow} the methods this server implements at all, as Tomcat's own answer to
 * TRACE does. Letting any method through to Spring MVC would name the resource's methods
 * instead, but would also let methods that no security rule anticipates reach the rules.
 */
@Component
class FirewallRefusals implements RequestRejectedHandler {

	/**
	 * The methods {@link StrictHttpFirewall} lets through by default, the only ones any
	 * Bodega resource implements.
	 */
	static final Set<String> KNOWN_METHODS = Set.of("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT");

	/** The {@code Allow} header for a method this server does not implement anywhere. */
	static final String ALLOW = "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT";

	private static final Logger log = LoggerFactory.getLogger(FirewallRefusals.class);

	private final Problems problems;

	FirewallRefusals(Problems problems) {
		this.problems = problems;
	}

	@Override
	public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException refusal) {
		log.debug("Refused by the firewall: {}", refusal.getMessage());
		SecurityHeaders.write(request, response);
		if (!KNOWN_METHODS.contains(request.getMethod())) {
			response.setHeader(HttpHeaders.ALLOW, ALLOW);
			problems.write(request, response, unknownMethod(request.getMethod()));
			return;
		}
		problems.write(request, response, Problems.of(HttpStatus.BAD_REQUEST, "malformed_request",
				"The URL is not allowed: it must be normalized (no // or dot segments) and hold no ; or encoded "
						+ "slashes, dots or control characters"));
	}

	static ProblemDetail unknownMethod(String method) {
		return Problems.of(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
				"Method " + method + " is not allowed here");
	}

}

package io.bodega.shared.web.problems;

import java.util.concurrent.atomic.AtomicBoolean;

import io.bodega.shared.web.RequestIdFilter;
import io.bodega.shared.web.SecurityHeaders;
import org.apache.catalina.Host;
import org.apache.catalina.Pipeline;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.apache.tomcat.util.res.StringManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * Answers the requests Tomcat refuses before they reach the application (a target that is
 * not a valid URI or decodes to an encoded slash, backslash, NUL or invalid UTF-8;
 * illegal characters in the request line; a request line or headers over the limit; a
 * duplicate or missing Host; an unknown protocol version or transfer coding) as problems
 * with a request id and the security headers, instead of Tomcat's HTML error page.
 * <p>
 * Tomcat writes these answers with the error report valve of its host, so this replaces
 * that valve, after Spring Boot's customizer has put Tomcat's own there. Tomcat says 400
 * for every request it could not read; here the answer names what was wrong when HTTP has
 * a status for it: 414 for a request line over the limit, 431 for headers over the limit
 * or too many of them (RFC 6585: the header section as a whole is too large). CONNECT,
 * which Tomcat answers 501, is an unknown method here like any other: 405.
 */
@Component
class TomcatRefusals implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	private final ObjectProvider<Problems> problems;

	TomcatRefusals(ObjectProvider<Problems> problems) {
		this.problems = problems;
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> replaceErrorReport((Host) context.getParent()));
	}

	/**
	 * After Spring Boot's own customizer, whose context customizer adds Tomcat's valve
	 * that this one replaces.
	 */
	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	private void replaceErrorReport(Host host) {
		Pipeline pipeline = host.getPipeline();
		for (Valve valve : pipeline.getValves()) {
			if (valve instanceof ErrorReportValve) {
				pipeline.removeValve(valve);
			}
		}
		pipeline.addValve(new ProblemReport(problems));
		if (host instanceof StandardHost standard) {
			// Else the host adds Tomcat's valve again when it starts.
			standard.setErrorReportValveClass(ProblemReport.class.getName());
		}
	}

	/** Tomcat's error report valve, writing a problem where Tomcat writes HTML. */
	static final class ProblemReport extends ErrorReportValve {

		private static final Logger log = LoggerFactory.getLogger(TomcatRefusals.class);

		/**
		 * What Tomcat says when the request line and headers do not fit the header
		 * buffer.
		 */
		private static final String TOO_LARGE = StringManager.getManager("org.apache.coyote.http11")
			.getString("iib.requestheadertoolarge.error");

		private final ObjectProvider<Problems> problems;

		ProblemReport(ObjectProvider<Problems> problems) {
			this.problems = problems;
		}

		@Override
		protected void report(Request request, Response response, Throwable failure) {
			HttpStatus tomcatStatus = HttpStatus.resolve(response.getStatus());
			if (tomcatStatus == null || !tomcatStatus.isError() || response.getContentWritten() > 0
					|| !response.setErrorReported()) {
				return;
			}
			AtomicBoolean ioAllowed = new AtomicBoolean(false);
			response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
			if (!ioAllowed.get()) {
				return;
			}
			String id = RequestIdFilter.idOf(request);
			ProblemDetail problem = problemFor(request, tomcatStatus, failure);
			MDC.put(RequestIdFilter.MDC_KEY, id);
			try {
				HttpStatus status = HttpStatus.valueOf(problem.getStatus());
				if (ErrorCodes.isFault(status)) {
					log.error("Failure before the application: {} for {}", tomcatStatus.value(), request.getMethod(),
							failure);
				}
				else {
					log.debug("Refused before the application: {} ({})", status.value(),
							failure == null ? response.getMessage() : failure.getMessage());
				}
				response.setHeader(RequestIdFilter.HEADER, id);
				if (status == HttpStatus.METHOD_NOT_ALLOWED && !response.containsHeader(HttpHeaders.ALLOW)) {
					response.setHeader(HttpHeaders.ALLOW, FirewallRefusals.ALLOW);
				}
				SecurityHeaders.write(request, response);
				problems.getObject().write(request, response, problem);
			}
			catch (RuntimeException e) {
				log.debug("Could not answer a refused request", e);
			}
			finally {
				MDC.remove(RequestIdFilter.MDC_KEY);
			}
		}

		private static ProblemDetail problemFor(Request request, HttpStatus status, Throwable failure) {
			if (status == HttpStatus.BAD_REQUEST && failure != null && TOO_LARGE.equals(failure.getMessage())) {
				// Tomcat sets the target once it has read all of it: without one, the
				// request line itself did not fit.
				return request.getRequestURI() == null ? Problems.of(HttpStatus.URI_TOO_LONG, "uri_too_long",
						"The request line is longer than this server accepts") : headersTooLarge();
			}
			if (status == HttpStatus.BAD_REQUEST && failure != null && tooManyHeaders(request, failure)) {
				return headersTooLarge();
			}
			return switch (status) {
				case BAD_REQUEST -> Problems.of(status, "malformed_request",
						"The request is not valid HTTP: its request line, its target's encoding or a header is malformed");
				case NOT_IMPLEMENTED -> "CONNECT".equals(request.getMethod())
						? FirewallRefusals.unknownMethod("CONNECT")
						: Problems.of(status, "not_implemented",
								"The request needs something this server does not implement, such as a transfer coding "
										+ "other than chunked");
				case HTTP_VERSION_NOT_SUPPORTED ->
					Problems.of(status, "http_version_not_supported", "This server speaks HTTP/1.1 and HTTP/1.0");
				default -> ErrorCodes.isFault(status)
						? Problems.of(status, ErrorCodes.forStatus(status), "Something went wrong on our side")
						: Problems.of(status, ErrorCodes.forStatus(status), status.getReasonPhrase());
			};
		}

		private static ProblemDetail headersTooLarge() {
			return Problems.of(HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers_too_large",
					"The request headers are too large, or too many, for this server");
		}

		/**
		 * Whether Tomcat stopped reading headers because there were more than its
		 * connector allows.
		 */
		private static boolean tooManyHeaders(Request request, Throwable failure) {
			if (!(failure instanceof IllegalStateException)
					|| !(request.getConnector().getProtocolHandler() instanceof AbstractHttp11Protocol<?> http)) {
				return false;
			}
			String tooMany = StringManager.getManager("org.apache.tomcat.util.http")
				.getString("headers.maxCountFail", http.getMaxHeaderCount());
			return tooMany.equals(failure.getMessage());
		}

	}

}

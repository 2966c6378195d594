package io.bodega.shared.web;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.header.HeaderWriter;
import org.springframework.security.web.header.writers.CacheControlHeadersWriter;
import org.springframework.security.web.header.writers.HstsHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.XContentTypeOptionsHeaderWriter;
import org.springframework.security.web.header.writers.XXssProtectionHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter.XFrameOptionsMode;

/**
 * The security headers of every answer, for answers given where Spring Security's header
 * filter does not run: Tomcat's refusals before the application, the firewall's refusals
 * before the filter chain, and error dispatches (which that filter skips). They are
 * Spring Security's defaults with the choices of the accounts module's security
 * configuration (no referrer, no framing), written by Spring Security's own writers so
 * the values are the same; each is left alone when the answer has it already.
 * RawRequestTests compares them with a usual answer's.
 */
public final class SecurityHeaders {

	private static final List<HeaderWriter> WRITERS = List.of(new XContentTypeOptionsHeaderWriter(),
			new XXssProtectionHeaderWriter(), new CacheControlHeadersWriter(), new HstsHeaderWriter(),
			new XFrameOptionsHeaderWriter(XFrameOptionsMode.DENY),
			new ReferrerPolicyHeaderWriter(ReferrerPolicy.NO_REFERRER));

	private SecurityHeaders() {
	}

	public static void write(HttpServletRequest request, HttpServletResponse response) {
		for (HeaderWriter writer : WRITERS) {
			if (writer instanceof XFrameOptionsHeaderWriter && response.containsHeader("X-Frame-Options")) {
				continue; // this writer alone would overwrite the header
			}
			writer.writeHeaders(request, response);
		}
	}

}

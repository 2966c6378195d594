package io.bodega.shared.web;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import io.bodega.shared.web.problems.PayloadTooLarge;
import io.bodega.shared.web.problems.Problems;

import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over the limit (1 MiB by default; uploads sent as
 * multipart/form-data may be as large as the multipart limit, and imports sent as
 * text/csv as large as {@code bodega.import-max-size}) with 413: at once when
 * {@code Content-Length} says so, and while reading when a chunked body grows past it.
 * Nothing is read into memory beyond the limit.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final long jsonLimit;

	private final long multipartLimit;

	private final long importLimit;

	private final Problems problems;

	BodySizeLimitFilter(WebProperties properties, MultipartProperties multipart, Problems problems) {
		this.jsonLimit = properties.maxBodySize().toBytes();
		// Spring's own setting, which its multipart reading obeys too
		this.multipartLimit = multipart.getMaxRequestSize().toBytes();
		this.importLimit = properties.importMaxSize().toBytes();
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String type = request.getContentType() == null ? "" : request.getContentType().toLowerCase(Locale.ROOT);
		// Only the operations that consume text/csv (imports) take it; any other refuses
		// it (415) without reading it.
		long limit = type.startsWith("multipart/") ? multipartLimit
				: type.startsWith("text/csv") ? importLimit : jsonLimit;
		if (request.getContentLengthLong() > limit) {
			problems.write(request, response, PayloadTooLarge.problem(limit));
			return;
		}
		chain.doFilter(new LimitedRequest(request, limit), response);
	}

	private static final class LimitedRequest extends HttpServletRequestWrapper {

		private final long limit;

		private ServletInputStream stream;

		LimitedRequest(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			if (stream == null) {
				stream = new LimitedStream(super.getInputStream(), limit);
			}
			return stream;
		}

	}

	private static final class LimitedStream extends ServletInputStream {

		private final ServletInputStream in;

		private final long limit;

		private long count;

		LimitedStream(ServletInputStream in, long limit) {
			this.in = in;
			this.limit = limit;
		}

		@Override
		public int read() throws IOException {
			int b = in.read();
			if (b >= 0) {
				counted(1);
			}
			return b;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int n = in.read(buffer, offset, length);
			if (n > 0) {
				counted(n);
			}
			return n;
		}

		private void counted(int n) throws PayloadTooLarge {
			count += n;
			if (count > limit) {
				throw new PayloadTooLarge(limit);
			}
		}

		@Override
		public boolean isFinished() {
			return in.isFinished();
		}

		@Override
		public boolean isReady() {
			return in.isReady();
		}

		@Override
		public void setReadListener(ReadListener listener) {
			in.setReadListener(listener);
		}

	}

}

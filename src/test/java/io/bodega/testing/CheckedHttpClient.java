package io.bodega.testing;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A {@link HttpClient} that hands every answer to {@link ApiDocumentCheck} before the
 * caller sees it: for code that brings its own client, such as the client
 * openapi-generator builds from the document. It reads each answer whole, checks it, then
 * gives the bytes to the caller's body handler as if they had come from the socket. Only
 * {@link #send} is checked; asynchronous sending is refused, so nothing slips past the
 * check.
 */
public final class CheckedHttpClient extends HttpClient {

	private final HttpClient delegate;

	private final String base;

	/**
	 * Checks the answers {@code delegate} gets from the server at {@code base} (such as
	 * http://localhost:8080).
	 */
	public CheckedHttpClient(HttpClient delegate, String base) {
		this.delegate = delegate;
		this.base = base;
	}

	@Override
	public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		HttpResponse<byte[]> answer = delegate.send(request, HttpResponse.BodyHandlers.ofByteArray());
		URI uri = request.uri();
		String pathAndQuery = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
		ApiDocumentCheck.check(base, request.method(), pathAndQuery,
				new Http.Response(answer.statusCode(), answer.headers().map(), answer.body()));
		return new Replayed<>(answer, replay(answer, handler));
	}

	/** The caller's body handler, fed the bytes that were already read. */
	private static <T> T replay(HttpResponse<byte[]> answer, HttpResponse.BodyHandler<T> handler)
			throws IOException, InterruptedException {
		HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
			@Override
			public int statusCode() {
				return answer.statusCode();
			}

			@Override
			public HttpHeaders headers() {
				return answer.headers();
			}

			@Override
			public Version version() {
				return answer.version();
			}
		});
		subscriber.onSubscribe(new Flow.Subscription() {
			@Override
			public void request(long n) {
			}

			@Override
			public void cancel() {
			}
		});
		subscriber.onNext(List.of(ByteBuffer.wrap(answer.body())));
		subscriber.onComplete();
		try {
			return subscriber.getBody().toCompletableFuture().get();
		}
		catch (ExecutionException e) {
			throw new IOException(e.getCause());
		}
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
		throw new UnsupportedOperationException("Answers sent asynchronously would not be checked");
	}

	@Override
	public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
			HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
		throw new UnsupportedOperationException("Answers sent asynchronously would not be checked");
	}

	@Override
	public Optional<CookieHandler> cookieHandler() {
		return delegate.cookieHandler();
	}

	@Override
	public Optional<Duration> connectTimeout() {
		return delegate.connectTimeout();
	}

	@Override
	public Redirect followRedirects() {
		return delegate.followRedirects();
	}

	@Override
	public Optional<ProxySelector> proxy() {
		return delegate.proxy();
	}

	@Override
	public SSLContext sslContext() {
		return delegate.sslContext();
	}

	@Override
	public SSLParameters sslParameters() {
		return delegate.sslParameters();
	}

	@Override
	public Optional<Authenticator> authenticator() {
		return delegate.authenticator();
	}

	@Override
	public Version version() {
		return delegate.version();
	}

	@Override
	public Optional<Executor> executor() {
		return delegate.executor();
	}

	@Override
	public void close() {
		delegate.close();
	}

	/** The answer that was read, with the body the caller's handler made of it. */
	private record Replayed<T>(HttpResponse<byte[]> answer, T body) implements HttpResponse<T> {

		@Override
		public int statusCode() {
			return answer.statusCode();
		}

		@Override
		public HttpRequest request() {
			return answer.request();
		}

		@Override
		public Optional<HttpResponse<T>> previousResponse() {
			return Optional.empty();
		}

		@Override
		public HttpHeaders headers() {
			return answer.headers();
		}

		@Override
		public Optional<SSLSession> sslSession() {
			return answer.sslSession();
		}

		@Override
		public URI uri() {
			return answer.uri();
		}

		@Override
		public Version version() {
			return answer.version();
		}
	}

}

package io.bodega.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Keeps, while open, every event logged at ERROR by a thread that serves HTTP requests (the server runs in the test's
 * JVM). Background jobs are left out: a scheduled retry of an earlier test's injected failure is not the request's.
 * <pre>
 * try (LogCapture errors = LogCapture.requestErrors()) { ...; assertThat(errors.events()).isEmpty(); }
 * </pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private LogCapture() {
	}

	public static LogCapture requestErrors() {
		LogCapture capture = new LogCapture();
		capture.setName("test-request-errors");
		capture.setContext(root().getLoggerContext());
		capture.start();
		root().addAppender(capture);
		return capture;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (event.getLevel().isGreaterOrEqual(Level.ERROR) && servesRequests(event)) {
			events.add(event);
		}
	}

	/** Tomcat's request threads (virtual: tomcat-handler-N; platform: http-nio-...-exec-N) or a request's own logging. */
	private static boolean servesRequests(ILoggingEvent event) {
		String thread = event.getThreadName();
		return thread.startsWith("tomcat-handler") || thread.startsWith("http-nio")
				|| event.getMDCPropertyMap().containsKey("requestId");
	}

	/** What was captured, each as "logger: message" with its exception, so a failing assertion says what it was. */
	public List<String> events() {
		return events.stream()
			.map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
					+ (e.getThrowableProxy() == null ? "" : " (" + e.getThrowableProxy().getClassName() + ": "
							+ e.getThrowableProxy().getMessage() + ")"))
			.toList();
	}

	@Override
	public void close() {
		root().detachAppender(this);
		stop();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
	}
}

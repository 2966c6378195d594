package io.bodega.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keeps, while open, every event logged at ERROR by a thread that serves HTTP requests
 * (the server runs in the test's JVM). Background jobs are left out: a scheduled retry of
 * an earlier test's injected failure is not the request's. <pre>
 * try (LogCapture errors = LogCapture.requestErrors()) { ...; assertThat(errors.events()).isEmpty(); }
 * </pre>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();

	private final boolean everything;

	private final Map<Logger, Level> raised = new LinkedHashMap<>();

	private LogCapture(boolean everything) {
		this.everything = everything;
	}

	public static LogCapture requestErrors() {
		return open(new LogCapture(false), "test-request-errors");
	}

	/**
	 * Keeps every event while open, from every thread, at the levels the loggers are set
	 * to; {@code loggersAtInfo} are set to INFO meanwhile (such as the embedded
	 * PostgreSQL's server log, which is quiet otherwise).
	 */
	public static LogCapture everything(String... loggersAtInfo) {
		LogCapture capture = new LogCapture(true);
		for (String name : loggersAtInfo) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			capture.raised.put(logger, logger.getLevel());
			logger.setLevel(Level.INFO);
		}
		return open(capture, "test-everything");
	}

	private static LogCapture open(LogCapture capture, String name) {
		capture.setName(name);
		capture.setContext(root().getLoggerContext());
		capture.start();
		root().addAppender(capture);
		return capture;
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (everything || (event.getLevel().isGreaterOrEqual(Level.ERROR) && servesRequests(event))) {
			events.add(event);
		}
	}

	/**
	 * Tomcat's request threads (virtual: tomcat-handler-N; platform: http-nio-...-exec-N)
	 * or a request's own logging.
	 */
	private static boolean servesRequests(ILoggingEvent event) {
		String thread = event.getThreadName();
		return thread.startsWith("tomcat-handler") || thread.startsWith("http-nio")
				|| event.getMDCPropertyMap().containsKey("requestId");
	}

	/**
	 * What was captured, each as "logger: message" with its exception, so a failing
	 * assertion says what it was.
	 */
	public List<String> events() {
		return events.stream()
			.map(e -> e.getLoggerName() + ": " + e.getFormattedMessage()
					+ (e.getThrowableProxy() == null ? ""
							: " (" + e.getThrowableProxy().getClassName() + ": " + e.getThrowableProxy().getMessage()
									+ ")"))
			.toList();
	}

	@Override
	public void close() {
		root().detachAppender(this);
		raised.forEach(Logger::setLevel);
		stop();
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
	}

}

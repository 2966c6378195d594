package io.bodega.testing;

import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * What the server (it runs in the test's JVM) logged, kept in memory so a test can show
 * what was, or was not, logged. Two ways in, one kind of line:
 * <ul>
 * <li>the <em>server's record</em>, kept from before the first bean is made (installed by
 * {@link Install}): every line at WARN and above and every line of the security log, so a
 * test sees the start-up warning of test payments or a security event. A test takes a
 * {@link #mark()} and reads what came {@link #since(int) since}; the last {@value #KEEP}
 * lines are kept.</li>
 * <li>a capture a test opens for a while and closes: {@link #requestErrors()} (ERROR
 * lines of threads that serve HTTP requests; background jobs are left out, as a scheduled
 * retry of an earlier test's injected failure is not the request's) or
 * {@link #everything(String...)}. <pre>
 * try (LogCapture errors = LogCapture.requestErrors()) { ...; assertThat(errors.events()).isEmpty(); }
 * </pre></li>
 * </ul>
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

	/**
	 * One line as logged: its logger, level, message with arguments filled in, key-value
	 * pairs, the request it served (if any) and its exception (class and message, or
	 * empty).
	 */
	public record Line(String logger, Level level, String message, String keyValues, String requestId,
			String exception) {

		static Line of(ILoggingEvent event) {
			String keyValues = event.getKeyValuePairs() == null ? ""
					: event.getKeyValuePairs().stream().map(kv -> kv.key + "=" + kv.value).toList().toString();
			String exception = event.getThrowableProxy() == null ? ""
					: event.getThrowableProxy().getClassName() + ": " + event.getThrowableProxy().getMessage();
			return new Line(event.getLoggerName(), event.getLevel(), event.getFormattedMessage(), keyValues,
					event.getMDCPropertyMap().get("requestId"), exception);
		}

		/**
		 * "logger: message", with its exception, so a failing assertion says what it was.
		 */
		String text() {
			return logger + ": " + message + (exception.isEmpty() ? "" : " (" + exception + ")");
		}

	}

	private static final int KEEP = 20_000;

	private static final String SERVER_RECORD = "bodega-test-server-record";

	private static final LogCapture SERVER = new LogCapture(event -> event.getLevel().isGreaterOrEqual(Level.WARN)
			|| event.getLoggerName().startsWith("bodega.security"));

	private final Deque<Line> lines = new ConcurrentLinkedDeque<>();

	/** The size of {@link #lines}, which the deque itself only counts by walking it. */
	private final AtomicInteger count = new AtomicInteger();

	private final Predicate<ILoggingEvent> keeps;

	private final Map<Logger, Level> raised = new LinkedHashMap<>();

	private LogCapture(Predicate<ILoggingEvent> keeps) {
		this.keeps = keeps;
	}

	/**
	 * Keeps, while open, every line logged at ERROR by a thread that serves HTTP
	 * requests.
	 */
	public static LogCapture requestErrors() {
		return open(new LogCapture(event -> event.getLevel().isGreaterOrEqual(Level.ERROR) && servesRequests(event)),
				"test-request-errors");
	}

	/**
	 * Keeps every line while open, from every thread, at the levels the loggers are set
	 * to; {@code loggersAtInfo} are set to INFO meanwhile (such as the embedded
	 * PostgreSQL's server log, which is quiet otherwise).
	 */
	public static LogCapture everything(String... loggersAtInfo) {
		LogCapture capture = new LogCapture(event -> true);
		for (String name : loggersAtInfo) {
			Logger logger = (Logger) LoggerFactory.getLogger(name);
			capture.raised.put(logger, logger.getLevel());
			logger.setLevel(Level.INFO);
		}
		return open(capture, "test-everything");
	}

	/**
	 * What this capture kept, each as "logger: message" with its exception, so a failing
	 * assertion says what it was.
	 */
	public List<String> events() {
		return lines.stream().map(Line::text).toList();
	}

	/** Every line of the server's record, oldest first. */
	public static List<Line> lines() {
		return new ArrayList<>(SERVER.lines);
	}

	/**
	 * The number of lines in the server's record so far: a test reads what came
	 * {@linkplain #since after} it.
	 */
	public static int mark() {
		// Another test context starting (a module test's) configures logging anew, which
		// takes every appender off; a test that marks puts the record back first.
		recordTheServer();
		int size = SERVER.count.get();
		return size >= KEEP ? -1 : size;
	}

	/** The lines of the server's record after {@code mark}. */
	public static List<Line> since(int mark) {
		List<Line> all = lines();
		return mark < 0 || mark > all.size() ? all : all.subList(mark, all.size());
	}

	@Override
	protected void append(ILoggingEvent event) {
		if (keeps.test(event)) {
			lines.add(Line.of(event));
			if (count.incrementAndGet() > KEEP) {
				lines.pollFirst();
				count.decrementAndGet();
			}
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

	@Override
	public void close() {
		root().detachAppender(this);
		raised.forEach(Logger::setLevel);
		stop();
	}

	private static LogCapture open(LogCapture capture, String name) {
		capture.setName(name);
		capture.setContext(root().getLoggerContext());
		capture.start();
		root().addAppender(capture);
		return capture;
	}

	private static synchronized void recordTheServer() {
		if (root().getAppender(SERVER_RECORD) == null) {
			open(SERVER, SERVER_RECORD);
		}
	}

	private static Logger root() {
		return (Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME);
	}

	/** Starts the server's record: imported by the test servers' configurations. */
	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		/**
		 * Runs before any other bean is made: Spring Boot has configured logging by then,
		 * and will not again.
		 */
		@Bean
		static BeanFactoryPostProcessor recordLogs() {
			return beanFactory -> recordTheServer();
		}

	}

}

package io.bodega.testing;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Keeps, in memory, what the server logs at WARN and above and every line of the security
 * log, from before the first bean is made, so a test can show what was (or was not)
 * logged: the start-up warning of test payments, the security events, no ERROR for a
 * client's mistake. The last {@value #KEEP} lines are kept.
 */
public final class LogRecorder {

	/**
	 * One line as logged: its logger, level, message with arguments filled in, and
	 * key-value pairs.
	 */
	public record Line(String logger, Level level, String message, String keyValues, String requestId) {
	}

	private static final int KEEP = 20_000;

	private static final String NAME = "bodega-test-recorder";

	private static final Deque<Line> LINES = new ConcurrentLinkedDeque<>();

	private LogRecorder() {
	}

	/** Every kept line, oldest first. */
	public static List<Line> lines() {
		return new ArrayList<>(LINES);
	}

	/**
	 * The number of lines kept so far: a test reads what came {@linkplain #since after}
	 * it.
	 */
	public static int mark() {
		return LINES.size() >= KEEP ? -1 : LINES.size();
	}

	public static List<Line> since(int mark) {
		List<Line> all = lines();
		return mark < 0 || mark > all.size() ? all : all.subList(mark, all.size());
	}

	static void attach() {
		Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
		if (root.getAppender(NAME) != null) {
			return;
		}
		AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
			@Override
			protected void append(ILoggingEvent event) {
				if (event.getLevel().isGreaterOrEqual(Level.WARN)
						|| event.getLoggerName().startsWith("bodega.security")) {
					String keyValues = event.getKeyValuePairs() == null ? ""
							: event.getKeyValuePairs().stream().map(kv -> kv.key + "=" + kv.value).toList().toString();
					LINES.add(new Line(event.getLoggerName(), event.getLevel(), event.getFormattedMessage(), keyValues,
							event.getMDCPropertyMap().get("requestId")));
					while (LINES.size() > KEEP) {
						LINES.pollFirst();
					}
				}
			}
		};
		appender.setName(NAME);
		appender.setContext(root.getLoggerContext());
		appender.start();
		root.addAppender(appender);
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		/**
		 * Runs before any other bean is made: Spring Boot has configured logging by then,
		 * and will not again.
		 */
		@Bean
		static BeanFactoryPostProcessor recordLogs() {
			return beanFactory -> attach();
		}

	}

}

package io.bodega.shared.logging;

import java.util.Locale;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code BODEGA_LOG_FORMAT=json} switches console logging to one JSON object per line
 * (Elastic Common Schema), with the request id among its fields. Runs before logging
 * starts, which a property placeholder alone cannot do.
 */
class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String format = environment.getProperty("BODEGA_LOG_FORMAT",
				environment.getProperty("bodega.log-format", "text"));
		switch (format.trim().toLowerCase(Locale.ROOT)) {
			case "json" -> environment.getPropertySources()
				.addFirst(new MapPropertySource("bodegaLogFormat", Map.of("logging.structured.format.console", "ecs")));
			case "text", "" -> {
			}
			default ->
				throw new IllegalStateException("BODEGA_LOG_FORMAT must be 'text' or 'json', not '" + format + "'");
		}
	}

}

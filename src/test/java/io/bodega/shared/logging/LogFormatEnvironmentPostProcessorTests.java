package io.bodega.shared.logging;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class LogFormatEnvironmentPostProcessorTests {

	private final LogFormatEnvironmentPostProcessor processor = new LogFormatEnvironmentPostProcessor();

	@Test
	void jsonSwitchesConsoleLoggingToStructuredEcs() {
		StandardEnvironment env = environment("json");
		processor.postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("logging.structured.format.console")).isEqualTo("ecs");
	}

	@Test
	void textLeavesThePlainPattern() {
		StandardEnvironment env = environment("text");
		processor.postProcessEnvironment(env, new SpringApplication());
		assertThat(env.getProperty("logging.structured.format.console")).isNull();
	}

	@Test
	void anythingElseStopsTheStartWithAClearMessage() {
		assertThatIllegalStateException()
			.isThrownBy(() -> processor.postProcessEnvironment(environment("xml"), new SpringApplication()))
			.withMessageContaining("BODEGA_LOG_FORMAT");
	}

	private static StandardEnvironment environment(String format) {
		StandardEnvironment env = new StandardEnvironment();
		env.getPropertySources().addFirst(new MapPropertySource("test", Map.of("BODEGA_LOG_FORMAT", format)));
		return env;
	}

}

package io.bodega.shared.web;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drain with the settings of {@code application.yaml}: none for a development server
 * (the embedded database) unless {@code BODEGA_SHUTDOWN_DRAIN} asks for one, 5 s for a
 * deployment (an external database).
 */
class ShutdownDrainTests {

	@Test
	void theEmbeddedDatabaseHasNoDrainUnlessOneIsSet() {
		assertThat(drain()).isZero();
		assertThat(drain("BODEGA_SHUTDOWN_DRAIN=3s")).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void anExternalDatabaseKeepsTheFiveSecondDrainUnlessAnotherIsSet() {
		assertThat(drain("BODEGA_DB_URL=jdbc:postgresql://db.internal/bodega")).isEqualTo(Duration.ofSeconds(5));
		assertThat(drain("BODEGA_DB_URL=jdbc:postgresql://db.internal/bodega", "BODEGA_SHUTDOWN_DRAIN=0s")).isZero();
	}

	private static Duration drain(String... variables) {
		Duration[] drain = new Duration[1];
		new ApplicationContextRunner().withInitializer(context -> {
			// What SpringApplication gives every application: conversions such as "5s" to
			// a Duration.
			context.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance());
			try {
				new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))
					.forEach(source -> context.getEnvironment().getPropertySources().addLast(source));
			}
			catch (IOException e) {
				throw new IllegalStateException(e);
			}
		}).withPropertyValues(variables).withUserConfiguration(Drain.class).run(context -> {
			assertThat(context).hasNotFailed();
			drain[0] = context.getBean(ShutdownDrain.class).drain();
		});
		return drain[0];
	}

	/**
	 * Not a {@code @Configuration}, so the application's component scan in other tests
	 * leaves it alone.
	 */
	@ConfigurationPropertiesScan
	@Import(ShutdownDrain.class)
	static class Drain {

	}

}

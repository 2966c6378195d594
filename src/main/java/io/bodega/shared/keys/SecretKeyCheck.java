package io.bodega.shared.keys;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start, before anything touches the database, when the server secret is
 * missing (an external database and no {@code BODEGA_SECRET_KEY}) or too weak.
 * {@link SecretKeyFailureAnalyzer} words the refusal.
 */
class SecretKeyCheck implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String configured = environment.getProperty("bodega.secret-key", "");
		if (configured.isBlank() && !environment.getProperty("bodega.db.url", "").isBlank()) {
			throw SecretKeys.missing();
		}
		SecretKeys.check(configured);
	}

}

package io.bodega.payments.testcard;

import java.util.Locale;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Whether the built-in {@code test_card} method, its simulated provider and its webhook
 * exist: {@code BODEGA_TEST_PAYMENTS} ({@code true} or {@code false}), by default on with
 * the embedded database (development) and off with an external one
 * ({@code BODEGA_DB_URL}). When off, none of their beans exists: the method is refused
 * like any unknown one, the webhook route is a 404, and nothing of them is scheduled.
 */
class TestPayments implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return enabled(context.getEnvironment());
	}

	static boolean enabled(Environment environment) {
		String value = environment.getProperty("bodega.payments.test-payments", "").strip();
		return switch (value.toLowerCase(Locale.ROOT)) {
			case "" -> environment.getProperty("bodega.db.url", "").isBlank();
			case "true" -> true;
			case "false" -> false;
			default ->
				throw new IllegalStateException("BODEGA_TEST_PAYMENTS must be true or false, not '" + value + "'");
		};
	}

}

package io.bodega.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Counts password verifications, so tests can show that work is done (or not) without timing anything: an unknown
 * e-mail must cost one Argon2 verification like a wrong password, a throttled attempt none.
 */
public final class CountingPasswordEncoder implements PasswordEncoder {

	public static final AtomicInteger MATCHES = new AtomicInteger();

	private final PasswordEncoder delegate;

	CountingPasswordEncoder(PasswordEncoder delegate) {
		this.delegate = delegate;
	}

	@Override
	public String encode(CharSequence raw) {
		return delegate.encode(raw);
	}

	@Override
	public boolean matches(CharSequence raw, String encoded) {
		MATCHES.incrementAndGet();
		return delegate.matches(raw, encoded);
	}

	@TestConfiguration(proxyBeanMethods = false)
	public static class Install {

		@Bean
		static BeanPostProcessor countPasswordChecks() {
			return new BeanPostProcessor() {
				@Override
				public Object postProcessAfterInitialization(Object bean, String name) {
					return bean instanceof PasswordEncoder encoder ? new CountingPasswordEncoder(encoder) : bean;
				}
			};
		}
	}
}

package io.bodega.testing;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.crypto.password.PasswordEncoder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Counts password verifications, so tests can show that work is done (or not) without
 * timing anything: an unknown e-mail must cost one Argon2 verification like a wrong
 * password, a throttled attempt none.
 */
public final class CountingPasswordEncoder implements PasswordEncoder {

	public static final AtomicInteger MATCHES = new AtomicInteger();

	/** Hashes being made right now that {@link #holdHashing} holds. */
	public static final AtomicInteger HELD = new AtomicInteger();

	private static volatile CountDownLatch hold;

	private final PasswordEncoder delegate;

	CountingPasswordEncoder(PasswordEncoder delegate) {
		this.delegate = delegate;
	}

	/**
	 * Until the returned handle is closed, every new hash (registration, password change)
	 * waits inside the encoder, holding whatever permit it took: a test can so fill the
	 * password gate with slow work, without timing anything.
	 */
	public static AutoCloseable holdHashing() {
		CountDownLatch latch = new CountDownLatch(1);
		hold = latch;
		return () -> {
			hold = null;
			latch.countDown();
		};
	}

	@Override
	public String encode(CharSequence raw) {
		CountDownLatch latch = hold;
		if (latch != null) {
			HELD.incrementAndGet();
			try {
				latch.await(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			finally {
				HELD.decrementAndGet();
			}
		}
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

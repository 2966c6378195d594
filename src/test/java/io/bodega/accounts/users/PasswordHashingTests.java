package io.bodega.accounts.users;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.bodega.shared.RateLimited;
import org.junit.jupiter.api.Test;

import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The gate around password work: bounded, never waiting for ever, and never losing a
 * permit.
 */
class PasswordHashingTests {

	private static final String PASSWORD = "Tangerine-Velvet-Lighthouse-93";

	@Test
	void answersRateLimitedWhenEveryPermitIsTaken() throws Exception {
		BlockingEncoder encoder = new BlockingEncoder();
		PasswordHashing hashing = new PasswordHashing(encoder, new PasswordPolicy(), 1, Duration.ZERO);
		CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> hashing.encode(PASSWORD));
		assertThat(encoder.entered.await(15, TimeUnit.SECONDS)).as("the first hash holds the only permit").isTrue();

		RateLimited matches = catchThrowableOfType(RateLimited.class, () -> hashing.matches(PASSWORD, "hash"));
		RateLimited check = catchThrowableOfType(RateLimited.class, () -> hashing.check("password", PASSWORD));
		RateLimited encode = catchThrowableOfType(RateLimited.class, () -> hashing.encode(PASSWORD));

		for (RateLimited refused : new RateLimited[] { matches, check, encode }) {
			assertThat(refused).isNotNull();
			assertThat(refused.code()).isEqualTo("rate_limited");
			assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		}
		encoder.release.countDown();
		assertThat(holder.get(15, TimeUnit.SECONDS)).isEqualTo("hash");
		assertThat(hashing.matches(PASSWORD, "hash")).as("the permit came back").isTrue();
	}

	@Test
	void givesThePermitBackWhenTheWorkFails() {
		PasswordEncoder failing = new PasswordEncoder() {
			@Override
			public String encode(CharSequence raw) {
				throw new IllegalStateException("broken");
			}

			@Override
			public boolean matches(CharSequence raw, String encoded) {
				return true;
			}
		};
		PasswordHashing hashing = new PasswordHashing(failing, new PasswordPolicy(), 1, Duration.ZERO);

		assertThatIllegalStateException().isThrownBy(() -> hashing.encode(PASSWORD));
		assertThat(hashing.matches(PASSWORD, "hash")).isTrue();
		hashing.check("password", PASSWORD);
	}

	/** Holds its permit inside {@code encode} until released. */
	private static final class BlockingEncoder implements PasswordEncoder {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		@Override
		public String encode(CharSequence raw) {
			entered.countDown();
			try {
				release.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
			return "hash";
		}

		@Override
		public boolean matches(CharSequence raw, String encoded) {
			return "hash".equals(encoded);
		}

	}

}

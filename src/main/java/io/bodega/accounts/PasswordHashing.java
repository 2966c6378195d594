package io.bodega.accounts;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.bodega.shared.RateLimited;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one way to password work: Argon2id hashing and checking, and the policy's zxcvbn judgement. Each costs tens of
 * milliseconds of CPU, and Argon2 19 MiB of memory; request threads are virtual and unbounded, so without a bound a
 * few hundred parallel sign-ups would exhaust heap and CPU. All of it passes one gate of a few permits per core; a
 * caller that gets no permit within a few seconds is answered 429 rather than queued for ever.
 */
@Component
class PasswordHashing {

	private static final Duration MAX_WAIT = Duration.ofSeconds(5);
	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	private final PasswordEncoder encoder;
	private final PasswordPolicy policy;
	private final Semaphore permits;
	private final Duration maxWait;

	@Autowired
	PasswordHashing(PasswordEncoder encoder, PasswordPolicy policy) {
		this(encoder, policy, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), MAX_WAIT);
	}

	PasswordHashing(PasswordEncoder encoder, PasswordPolicy policy, int permits, Duration maxWait) {
		this.encoder = encoder;
		this.policy = policy;
		// Fair, so under a flood the oldest waiter goes first and nobody waits past maxWait because of newcomers.
		this.permits = new Semaphore(permits, true);
		this.maxWait = maxWait;
	}

	String encode(String password) {
		return gated(() -> encoder.encode(password));
	}

	boolean matches(String password, String hash) {
		return gated(() -> encoder.matches(password, hash));
	}

	/** {@link PasswordPolicy#check}: throws {@code ValidationFailed} naming {@code field} for an unacceptable password. */
	void check(String field, String password, String... personalWords) {
		gated(() -> {
			policy.check(field, password, personalWords);
			return null;
		});
	}

	private <T> T gated(Supplier<T> work) {
		boolean acquired;
		try {
			acquired = permits.tryAcquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			acquired = false;
		}
		if (!acquired) {
			throw new RateLimited("The server is busy checking passwords; try again in a moment", RETRY_AFTER);
		}
		try {
			return work.get();
		}
		finally {
			permits.release();
		}
	}
}

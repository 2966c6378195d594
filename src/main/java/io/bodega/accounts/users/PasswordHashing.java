package io.bodega.accounts.users;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.bodega.shared.RateLimited;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * The one way to password work: Argon2id hashing and checking, and the policy's zxcvbn
 * judgement. Each costs tens of milliseconds of CPU, and Argon2 19 MiB of memory; request
 * threads are virtual and unbounded, so without a bound a few hundred parallel sign-ups
 * would exhaust heap and CPU. All of it passes one gate of a few permits per core; a
 * caller that gets no permit within a few seconds is answered 429 rather than queued for
 * ever.
 * <p>
 * Sign-up is the one kind of password work anyone can ask for in any amount, so it may
 * hold at most half of the permits ({@link #forRegistration}); the other half stays for
 * those who have an account: signing in (the administrators too), changing or resetting a
 * password. A flood of registrations waits for its own half and never makes a sign-in
 * wait.
 */
@Component
public class PasswordHashing {

	private static final Duration MAX_WAIT = Duration.ofSeconds(5);

	private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

	/** Password work of a sign-up, limited to its share of the gate. */
	public final class Registration {

		private Registration() {
		}

		public String encode(String password) {
			return gated(() -> encoder.encode(password), true);
		}

		public void check(String field, String password, String... personalWords) {
			gated(() -> {
				policy.check(field, password, personalWords);
				return null;
			}, true);
		}

	}

	private final PasswordEncoder encoder;

	private final PasswordPolicy policy;

	private final Semaphore permits;

	private final Semaphore registrationPermits;

	private final Duration maxWait;

	private final Registration registration = new Registration();

	@Autowired
	PasswordHashing(PasswordEncoder encoder, PasswordPolicy policy) {
		this(encoder, policy, Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), MAX_WAIT);
	}

	PasswordHashing(PasswordEncoder encoder, PasswordPolicy policy, int permits, Duration maxWait) {
		this.encoder = encoder;
		this.policy = policy;
		// Fair, so under a flood the oldest waiter goes first and nobody waits past
		// maxWait because of newcomers.
		this.permits = new Semaphore(permits, true);
		this.registrationPermits = new Semaphore(Math.max(1, permits / 2), true);
		this.maxWait = maxWait;
	}

	public String encode(String password) {
		return gated(() -> encoder.encode(password), false);
	}

	public boolean matches(String password, String hash) {
		return gated(() -> encoder.matches(password, hash), false);
	}

	/**
	 * {@link PasswordPolicy#check}: throws {@code ValidationFailed} naming {@code field}
	 * for an unacceptable password.
	 */
	public void check(String field, String password, String... personalWords) {
		gated(() -> {
			policy.check(field, password, personalWords);
			return null;
		}, false);
	}

	/**
	 * The password work of a sign-up, which never takes more than its share of the gate.
	 */
	public Registration forRegistration() {
		return registration;
	}

	/** How many callers wait for a permit now, of either kind. */
	public int waiting() {
		return permits.getQueueLength() + registrationPermits.getQueueLength();
	}

	private <T> T gated(Supplier<T> work, boolean registering) {
		long deadline = System.nanoTime() + maxWait.toNanos();
		if (registering && !acquire(registrationPermits, deadline)) {
			throw busy();
		}
		try {
			if (!acquire(permits, deadline)) {
				throw busy();
			}
			try {
				return work.get();
			}
			finally {
				permits.release();
			}
		}
		finally {
			if (registering) {
				registrationPermits.release();
			}
		}
	}

	private static boolean acquire(Semaphore semaphore, long deadline) {
		try {
			return semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static RateLimited busy() {
		return new RateLimited("The server is busy checking passwords; try again in a moment", RETRY_AFTER);
	}

}

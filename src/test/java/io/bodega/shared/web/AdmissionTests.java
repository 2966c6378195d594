package io.bodega.shared.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.bodega.shared.RateLimited;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdmissionTests {

	@Test
	void runsAtMostItsPermitsAtOnceAndAdmitsTheWaitingInTheOrderTheyCame() throws Exception {
		Admission admission = new Admission(1, Duration.ofSeconds(10), "Busy");
		CountDownLatch leave = new CountDownLatch(1);
		Thread first = holdTheOnlyPermit(admission, leave);

		List<Integer> order = new CopyOnWriteArrayList<>();
		List<Thread> waiting = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			int n = i;
			waiting.add(Thread.ofVirtual().start(() -> admission.run(() -> order.add(n))));
			awaitWaiting(admission, i + 1);
		}
		assertThat(order).as("none ran while the permit was held").isEmpty();

		leave.countDown();
		first.join();
		for (Thread thread : waiting) {
			thread.join();
		}
		assertThat(order).containsExactly(0, 1, 2, 3, 4);
	}

	@Test
	void oneThatWaitedTooLongIsRefusedWithRetryAfterAndTheOthersGoOn() throws Exception {
		Admission admission = new Admission(1, Duration.ofMillis(200), "Too many checkouts at once on this server");
		CountDownLatch leave = new CountDownLatch(1);
		Thread holder = holdTheOnlyPermit(admission, leave);

		assertThatThrownBy(() -> admission.run(() -> "never")).isInstanceOfSatisfying(RateLimited.class, e -> {
			assertThat(e.getMessage()).contains("Too many checkouts at once on this server");
			assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1));
		});

		leave.countDown();
		holder.join();
		assertThat(admission.run(() -> "ran")).as("the permit came back").isEqualTo("ran");
		assertThatThrownBy(() -> admission.run(() -> {
			throw new IllegalStateException("failed");
		})).hasMessage("failed");
		assertThat(admission.run(() -> "ran again")).as("a failure gives its permit back").isEqualTo("ran again");
	}

	/**
	 * Starts a thread that runs in the admission until {@code leave} opens; returns once
	 * it is inside.
	 */
	private static Thread holdTheOnlyPermit(Admission admission, CountDownLatch leave) throws InterruptedException {
		CountDownLatch inside = new CountDownLatch(1);
		Thread holder = Thread.ofVirtual().start(() -> admission.run(() -> {
			inside.countDown();
			await(leave);
			return null;
		}));
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		return holder;
	}

	private static void awaitWaiting(Admission admission, int count) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(10))
			.untilAsserted(() -> assertThat(admission.waiting()).isEqualTo(count));
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}

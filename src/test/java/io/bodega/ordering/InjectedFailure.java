package io.bodega.ordering;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.bodega.inventory.StockChanged;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Test-only: fails a checkout right after its stock was reserved (the last step; its
 * order, lines, mail and emptied cart are written by then), when switched on. When
 * holding, each checkout first stops at that point until the test lets it go, so a test
 * can act while a checkout is half done. It hangs off the stock's move, which is
 * announced in the checkout's transaction, so while it is on, any stock movement is
 * failed or held.
 */
@Component
class InjectedFailure {

	static final AtomicBoolean ON = new AtomicBoolean();
	static final AtomicBoolean HOLD = new AtomicBoolean();

	private static final Semaphore HELD = new Semaphore(0);

	private static final Semaphore RELEASED = new Semaphore(0);

	@EventListener
	void on(StockChanged event) {
		if (HOLD.get()) {
			HELD.release();
			try {
				if (!RELEASED.tryAcquire(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("a held checkout was never let go");
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		if (ON.get()) {
			throw new IllegalStateException("injected failure after the reservation step");
		}
	}

	/** Waits until one more checkout is held. */
	static void awaitHeld() throws InterruptedException {
		if (!HELD.tryAcquire(15, TimeUnit.SECONDS)) {
			throw new AssertionError("No checkout reached the hold");
		}
	}

	/** Lets one held checkout go on (and fail, if switched on by then). */
	static void release() {
		RELEASED.release();
	}

	/** Nothing fails, nothing is held, and no permit is left over for the next test. */
	static void reset() {
		ON.set(false);
		HOLD.set(false);
		HELD.drainPermits();
		RELEASED.drainPermits();
	}

}

package io.bodega.payments;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.bodega.shared.Money;

import org.springframework.stereotype.Component;

/**
 * Test-only gateway: succeeds and counts every charge, so a test can prove that nothing
 * was charged, and counts every refund asked of it per charge, so a test can prove that
 * money went back once. A charge listed in {@link #FAILING_REFUNDS} cannot be refunded,
 * as when the provider is down. Like a real provider it remembers its charges by payment
 * id: asked again for the same payment it answers the first charge and counts nothing.
 * When {@link #HOLD} is on, each charge, once made, waits until the test lets it go, so a
 * test can act while a card is being charged. The card {@value #DECLINED} is declined, as
 * by a bank.
 */
@Component
class CountingCardGateway implements PaymentGateway {

	static final String DECLINED = "4000000000000002";
	static final AtomicInteger CHARGES = new AtomicInteger();
	static final Map<String, AtomicInteger> REFUNDS = new ConcurrentHashMap<>();
	static final Set<String> FAILING_REFUNDS = ConcurrentHashMap.newKeySet();
	static final AtomicBoolean HOLD = new AtomicBoolean();

	private static final Map<UUID, Charge> MADE = new ConcurrentHashMap<>();

	private static final Semaphore HELD = new Semaphore(0);

	private static final Semaphore RELEASED = new Semaphore(0);

	@Override
	public String method() {
		return "counting_card";
	}

	@Override
	public Charge charge(UUID paymentId, String orderNumber, Money amount, String cardNumber) {
		Charge charge = MADE.computeIfAbsent(paymentId, id -> {
			CHARGES.incrementAndGet();
			return DECLINED.equals(cardNumber)
					? new Charge(Charge.Status.FAILED, "cc_" + UUID.randomUUID(), "card_declined")
					: new Charge(Charge.Status.SUCCEEDED, "cc_" + UUID.randomUUID(), null);
		});
		if (HOLD.get()) {
			HELD.release();
			try {
				if (!RELEASED.tryAcquire(30, TimeUnit.SECONDS)) {
					throw new IllegalStateException("a held charge was never let go");
				}
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
		return charge;
	}

	@Override
	public Optional<Charge> status(UUID paymentId) {
		return Optional.ofNullable(MADE.get(paymentId));
	}

	@Override
	public Refund refund(String chargeReference, Money amount) {
		REFUNDS.computeIfAbsent(chargeReference, k -> new AtomicInteger()).incrementAndGet();
		if (FAILING_REFUNDS.contains(chargeReference)) {
			return new Refund(Refund.Status.FAILED, null, "provider_unavailable");
		}
		return new Refund(Refund.Status.SUCCEEDED, "ccr_" + chargeReference, null);
	}

	static int refunds(String chargeReference) {
		AtomicInteger count = REFUNDS.get(chargeReference);
		return count == null ? 0 : count.get();
	}

	/** Waits until a charge is held. */
	static void awaitHeld() throws InterruptedException {
		if (!HELD.tryAcquire(15, TimeUnit.SECONDS)) {
			throw new AssertionError("No charge reached the hold");
		}
	}

	/** Lets one held charge go on. */
	static void release() {
		RELEASED.release();
	}

	/** Nothing is held and no permit is left over for the next test. */
	static void resetHold() {
		HOLD.set(false);
		HELD.drainPermits();
		RELEASED.drainPermits();
	}

}

package io.bodega.payments;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.bodega.shared.Money;

import org.springframework.stereotype.Component;

/**
 * Test-only gateway: succeeds and counts every charge, so a test can prove that nothing was charged, and counts every
 * refund asked of it per charge, so a test can prove that money went back once. A charge listed in
 * {@link #FAILING_REFUNDS} cannot be refunded, as when the provider is down.
 */
@Component
class CountingCardGateway implements PaymentGateway {

	static final AtomicInteger CHARGES = new AtomicInteger();
	static final Map<String, AtomicInteger> REFUNDS = new ConcurrentHashMap<>();
	static final Set<String> FAILING_REFUNDS = ConcurrentHashMap.newKeySet();

	@Override
	public String method() {
		return "counting_card";
	}

	@Override
	public Charge charge(String orderNumber, Money amount, String cardNumber) {
		CHARGES.incrementAndGet();
		return new Charge(Charge.Status.SUCCEEDED, "cc_" + java.util.UUID.randomUUID(), null);
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
}

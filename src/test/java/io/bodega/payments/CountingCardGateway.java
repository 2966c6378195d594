package io.bodega.payments;

import java.util.concurrent.atomic.AtomicInteger;

import io.bodega.shared.Money;

import org.springframework.stereotype.Component;

/** Test-only gateway: succeeds and counts every charge, so a test can prove that nothing was charged. */
@Component
class CountingCardGateway implements PaymentGateway {

	static final AtomicInteger CHARGES = new AtomicInteger();

	@Override
	public String method() {
		return "counting_card";
	}

	@Override
	public Charge charge(String orderNumber, Money amount, String cardNumber) {
		CHARGES.incrementAndGet();
		return new Charge(Charge.Status.SUCCEEDED, "cc_" + java.util.UUID.randomUUID(), null);
	}
}

package io.bodega.payments;

import java.util.Map;

import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.ValidationFailed;

import org.springframework.stereotype.Component;

/**
 * The built-in {@code test_card} gateway, for development and tests: {@code 4242424242424242} succeeds,
 * {@code 4000000000000002} is declined, {@code 4000000000003220} answers pending and completes a moment later through
 * the signed webhook, sent by {@link TestCardProvider} as a real provider would. Any other number is refused.
 * Refunds succeed at once.
 */
@Component
class TestCardGateway implements PaymentGateway {

	static final String SUCCEEDS = "4242424242424242";
	static final String DECLINED = "4000000000000002";
	static final String ASYNCHRONOUS = "4000000000003220";

	private static final Map<String, Charge.Status> CARDS = Map.of(SUCCEEDS, Charge.Status.SUCCEEDED, DECLINED,
			Charge.Status.FAILED, ASYNCHRONOUS, Charge.Status.PENDING);

	@Override
	public String method() {
		return "test_card";
	}

	@Override
	public Charge charge(String orderNumber, Money amount, String cardNumber) {
		Charge.Status status = CARDS.get(cardNumber);
		if (status == null) {
			throw new ValidationFailed("cardNumber", "is not a test card: use " + SUCCEEDS + ", " + DECLINED + " or "
					+ ASYNCHRONOUS);
		}
		return new Charge(status, "tc_" + Ids.newSecret().substring(0, 24),
				status == Charge.Status.FAILED ? "card_declined" : null);
	}

	/** The refund's reference is made from the charge's, so asking twice answers the same refund. */
	@Override
	public Refund refund(String chargeReference, Money amount) {
		return new Refund(Refund.Status.SUCCEEDED, "re_" + chargeReference, null);
	}
}

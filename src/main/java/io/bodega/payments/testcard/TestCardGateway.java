package io.bodega.payments.testcard;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.bodega.payments.PaymentGateway;
import io.bodega.shared.Ids;
import io.bodega.shared.Money;
import io.bodega.shared.ValidationFailed;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Conditional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The built-in {@code test_card} gateway, for development and tests:
 * {@code 4242424242424242} succeeds, {@code 4000000000000002} is declined,
 * {@code 4000000000003220} answers pending and completes a moment later through the
 * signed webhook, sent by {@link TestCardProvider} as a real provider would. Any other
 * number is refused. Refunds succeed at once.
 * <p>
 * Like a real provider it keeps its charges by Bodega's payment id, in
 * {@code test_card_charges}, each written in a transaction of its own: a charge stays
 * made whatever happens to Bodega's transaction afterwards, a second charge for the same
 * payment answers the first, and {@link #status} can tell Bodega later what it lost.
 * <p>
 * Offered only while {@link TestPayments} are on: anyone who knows the test numbers could
 * otherwise "pay" any order.
 */
@Component
@Conditional(TestPayments.class)
class TestCardGateway implements PaymentGateway {

	private static final Logger log = LoggerFactory.getLogger(TestCardGateway.class);

	static final String SUCCEEDS = "4242424242424242";
	static final String DECLINED = "4000000000000002";
	static final String ASYNCHRONOUS = "4000000000003220";

	private static final Map<String, Charge.Status> CARDS = Map.of(SUCCEEDS, Charge.Status.SUCCEEDED, DECLINED,
			Charge.Status.FAILED, ASYNCHRONOUS, Charge.Status.PENDING);

	private final JdbcClient jdbc;

	private final TransactionTemplate ownTransaction;

	TestCardGateway(JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.jdbc = jdbc;
		this.ownTransaction = new TransactionTemplate(transactions);
		this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		log.warn("Test payments are on: the test_card method accepts the card {} as paid, for anyone. Set "
				+ "BODEGA_TEST_PAYMENTS=false wherever real goods are sold", SUCCEEDS);
	}

	@Override
	public String method() {
		return "test_card";
	}

	@Override
	public void check(String cardNumber) {
		if (!CARDS.containsKey(cardNumber)) {
			throw new ValidationFailed("cardNumber",
					"is not a test card: use " + SUCCEEDS + ", " + DECLINED + " or " + ASYNCHRONOUS);
		}
	}

	@Override
	public Charge charge(UUID paymentId, String orderNumber, Money amount, String cardNumber) {
		check(cardNumber);
		Charge.Status status = CARDS.get(cardNumber);
		return ownTransaction.execute(tx -> {
			jdbc.sql("""
					insert into test_card_charges (payment_id, reference, order_number, status, failure_reason, amount,
					                               currency)
					values (?, ?, ?, ?, ?, ?, ?)
					on conflict (payment_id) do nothing""")
				.params(paymentId, "tc_" + Ids.newSecret().substring(0, 24), orderNumber,
						status.name().toLowerCase(Locale.ROOT), status == Charge.Status.FAILED ? "card_declined" : null,
						amount.amount(), amount.currency())
				.update();
			return find(paymentId).orElseThrow();
		});
	}

	@Override
	public Optional<Charge> status(UUID paymentId) {
		return find(paymentId);
	}

	/**
	 * The refund's reference is made from the charge's, so asking twice answers the same
	 * refund.
	 */
	@Override
	public Refund refund(String chargeReference, Money amount) {
		return new Refund(Refund.Status.SUCCEEDED, "re_" + chargeReference, null);
	}

	private Optional<Charge> find(UUID paymentId) {
		return jdbc.sql("select status, reference, failure_reason from test_card_charges where payment_id = ?")
			.param(paymentId)
			.query((rs, n) -> new Charge(Charge.Status.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
					rs.getString(2), rs.getString(3)))
			.optional();
	}

}

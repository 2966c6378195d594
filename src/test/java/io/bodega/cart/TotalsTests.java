package io.bodega.cart;

import java.math.BigDecimal;

import io.bodega.shared.Money;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import java.time.Duration;

/** The rounding rule of cart totals, exactly as the README states it. */
class TotalsTests {

	private static final CartProperties EXCLUSIVE = new CartProperties(495, 5000, new BigDecimal("19"), false,
			Duration.ofDays(30));

	private static final CartProperties INCLUSIVE = new CartProperties(495, 5000, new BigDecimal("19"), true,
			Duration.ofDays(30));

	@Test
	void addsTaxOnTheSubtotalRoundedHalfUp() {
		Totals totals = Totals.of(eur(1999), false, EXCLUSIVE);

		assertThat(totals.tax()).isEqualTo(eur(380));
		assertThat(totals.shipping()).isEqualTo(eur(495));
		assertThat(totals.total()).isEqualTo(eur(1999 + 495 + 380));
		assertThat(totals.includedTax()).isEqualTo(eur(0));
	}

	@Test
	void roundsHalfUpAtExactlyHalfACent() {
		CartProperties tenPercent = new CartProperties(0, 0, new BigDecimal("10"), false, Duration.ofDays(30));
		assertThat(Totals.of(eur(5), false, tenPercent).tax()).isEqualTo(eur(1));
		assertThat(Totals.of(eur(4), false, tenPercent).tax()).isEqualTo(eur(0));
		CartProperties fractional = new CartProperties(0, 0, new BigDecimal("7.5"), false, Duration.ofDays(30));
		assertThat(Totals.of(eur(1000), false, fractional).tax()).isEqualTo(eur(75));
	}

	@Test
	void reportsTheTaxInsideInclusivePricesAndAddsNone() {
		Totals totals = Totals.of(eur(11900), false, INCLUSIVE);

		assertThat(totals.tax()).isEqualTo(eur(0));
		assertThat(totals.includedTax()).isEqualTo(eur(1900));
		assertThat(totals.shipping()).as("free from 50.00").isEqualTo(eur(0));
		assertThat(totals.total()).isEqualTo(eur(11900));
	}

	@Test
	void shipsFreeFromTheThresholdAndNothingForAnEmptyCart() {
		assertThat(Totals.of(eur(4999), false, EXCLUSIVE).shipping()).isEqualTo(eur(495));
		assertThat(Totals.of(eur(5000), false, EXCLUSIVE).shipping()).isEqualTo(eur(0));
		assertThat(Totals.of(eur(0), true, EXCLUSIVE).total()).isEqualTo(eur(0));
	}

	@Test
	void totalIsAlwaysTheSumOfItsParts() {
		for (long subtotal = 0; subtotal < 20_000; subtotal += 37) {
			for (CartProperties rules : new CartProperties[] { EXCLUSIVE, INCLUSIVE }) {
				Totals t = Totals.of(eur(subtotal), subtotal == 0, rules);
				assertThat(t.total().amount())
					.isEqualTo(t.subtotal().amount() + t.shipping().amount() + t.tax().amount());
			}
		}
	}

	@Test
	void largeCartsDoNotOverflow() {
		Totals totals = Totals.of(eur(99L * 100 * 1_000_000_000_000L / 100), false, EXCLUSIVE);
		assertThat(totals.total().amount()).isPositive();
	}

	private static Money eur(long amount) {
		return Money.of(amount, "EUR");
	}

}

package io.bodega.shared;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MoneyTests {

	@Test
	void showsTheMinorUnitsWithTheCurrencysOwnDecimals() {
		assertThat(Money.of(3470, "EUR").display()).isEqualTo("EUR 34.70");
		assertThat(Money.of(5, "EUR").display()).isEqualTo("EUR 0.05");
		assertThat(Money.of(3470, "JPY").display()).isEqualTo("JPY 3470");
		assertThat(Money.of(3470, "KWD").display()).isEqualTo("KWD 3.470");
		assertThat(Money.of(-250, "USD").display()).isEqualTo("USD -2.50");
	}

}

package io.bodega.shared;

import java.math.BigDecimal;
import java.util.Currency;

/**
 * An amount of money in the currency's minor unit (cents for EUR), never a float. The
 * currency is an ISO 4217 code.
 */
public record Money(long amount, String currency) {

	public Money {
		if (currency == null || !currency.matches("[A-Z]{3}")) {
			throw new IllegalArgumentException("currency must be an ISO 4217 code");
		}
	}

	public static Money of(long amount, String currency) {
		return new Money(amount, currency);
	}

	public Money plus(Money other) {
		requireSameCurrency(other);
		return new Money(Math.addExact(amount, other.amount), currency);
	}

	public Money times(long quantity) {
		return new Money(Math.multiplyExact(amount, quantity), currency);
	}

	/**
	 * The amount as people read it, such as {@code EUR 34.70} or {@code JPY 3470}: the
	 * minor units placed by the currency's own number of decimals (two when the JDK does
	 * not know the code).
	 */
	public String display() {
		int digits;
		try {
			digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
		}
		catch (IllegalArgumentException e) {
			digits = 2;
		}
		return currency + " " + BigDecimal.valueOf(amount, digits).toPlainString();
	}

	private void requireSameCurrency(Money other) {
		if (!currency.equals(other.currency)) {
			throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
		}
	}
}

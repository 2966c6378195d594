package io.bodega.cart;

import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.math.RoundingMode;

import io.bodega.shared.Money;

/**
 * What a cart costs. The rule, in minor units, with no floating point anywhere: tax is
 * computed once on the subtotal (not per line) and rounded half up to the minor unit;
 * shipping is not taxed; {@code total = subtotal +
 * shipping + tax}, always. With tax-exclusive prices (the default)
 * {@code tax = round(subtotal × rate)} is added; with tax-inclusive prices {@code tax} is
 * 0 and {@code includedTax = round(subtotal × rate / (1 + rate))} reports the tax inside
 * the prices. Shipping is the flat fee, or 0 for an empty cart or a subtotal of at least
 * the free threshold.
 */
@Schema(name = "CartTotals")
public record Totals(Money subtotal, Money shipping, Money tax, Money total, Money includedTax) {

	private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

	static Totals of(Money subtotal, boolean empty, CartProperties rules) {
		String currency = subtotal.currency();
		long shipping = empty || subtotal.amount() >= rules.freeShippingFrom() ? 0 : rules.shippingFee();
		BigDecimal rate = rules.taxRate().divide(HUNDRED);
		BigDecimal amount = BigDecimal.valueOf(subtotal.amount());
		long tax = 0;
		long included = 0;
		if (rules.pricesIncludeTax()) {
			included = amount.multiply(rate).divide(BigDecimal.ONE.add(rate), 0, RoundingMode.HALF_UP).longValueExact();
		}
		else {
			tax = amount.multiply(rate).setScale(0, RoundingMode.HALF_UP).longValueExact();
		}
		return new Totals(subtotal, Money.of(shipping, currency), Money.of(tax, currency),
				Money.of(Math.addExact(Math.addExact(subtotal.amount(), shipping), tax), currency),
				Money.of(included, currency));
	}
}

package io.bodega.cart;

import java.math.BigDecimal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param shippingFee the flat shipping fee, in minor units
 * @param freeShippingFrom subtotals of at least this much ship free, in minor units
 * @param taxRate the tax rate in percent, such as 19 or 7.5
 * @param pricesIncludeTax whether catalog prices already include the tax
 */
@ConfigurationProperties("bodega.cart")
record CartProperties(long shippingFee, long freeShippingFrom, BigDecimal taxRate, boolean pricesIncludeTax) {

	CartProperties {
		if (shippingFee < 0 || freeShippingFrom < 0 || taxRate == null || taxRate.signum() < 0
				|| taxRate.compareTo(BigDecimal.valueOf(100)) > 0) {
			throw new IllegalArgumentException(
					"BODEGA_SHIPPING_FEE and BODEGA_FREE_SHIPPING_FROM must be >= 0, BODEGA_TAX_RATE between 0 and 100");
		}
	}
}

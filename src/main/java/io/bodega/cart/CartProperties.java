package io.bodega.cart;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param shippingFee the flat shipping fee, in minor units
 * @param freeShippingFrom subtotals of at least this much ship free, in minor units
 * @param taxRate the tax rate in percent, such as 19 or 7.5
 * @param pricesIncludeTax whether catalog prices already include the tax
 * @param idle a cart untouched this long is deleted (and its cookie lives as long)
 */
@ConfigurationProperties("bodega.cart")
record CartProperties(long shippingFee, long freeShippingFrom, BigDecimal taxRate, boolean pricesIncludeTax,
		Duration idle) {

	CartProperties {
		if (idle == null || idle.compareTo(Duration.ofHours(1)) < 0) {
			throw new IllegalArgumentException("BODEGA_CART_IDLE must be at least 1h");
		}
		if (shippingFee < 0 || freeShippingFrom < 0 || taxRate == null || taxRate.signum() < 0
				|| taxRate.compareTo(BigDecimal.valueOf(100)) > 0) {
			throw new IllegalArgumentException(
					"BODEGA_SHIPPING_FEE and BODEGA_FREE_SHIPPING_FROM must be >= 0, BODEGA_TAX_RATE between 0 and 100");
		}
	}
}

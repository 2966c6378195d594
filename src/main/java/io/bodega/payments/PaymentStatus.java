package io.bodega.payments;

import java.util.Locale;

import io.bodega.payments.PaymentGateway.Charge;

/**
 * Where a payment stands, as the Java side compares it. The database and the API keep the
 * lower-case words ({@link #value()}), so neither changes; SQL that names a status keeps
 * its literal.
 */
enum PaymentStatus {

	/** Recorded before its card was charged; how the charge ended is not known yet. */
	PENDING,

	/** The provider took the money. */
	SUCCEEDED,

	/** Declined, or never received by the provider. */
	FAILED,

	/** The money was taken and given back. */
	REFUNDED;

	/** The word the {@code payments.status} column and the API use. */
	String value() {
		return name().toLowerCase(Locale.ROOT);
	}

	static PaymentStatus of(String value) {
		return valueOf(value.toUpperCase(Locale.ROOT));
	}

	/** The status a payment takes when its charge came to {@code charge}. */
	static PaymentStatus after(Charge charge) {
		return switch (charge.status()) {
			case SUCCEEDED -> SUCCEEDED;
			case FAILED -> FAILED;
			case PENDING -> PENDING;
		};
	}

}

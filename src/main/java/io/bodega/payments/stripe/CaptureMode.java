package io.bodega.payments.stripe;

/** When an authorized payment is captured. */
public enum CaptureMode {

	/** Captured as soon as the shopper confirms. */
	AUTOMATIC,
	/** Authorized at checkout, captured (whole or in part) when staff ship. */
	MANUAL

}

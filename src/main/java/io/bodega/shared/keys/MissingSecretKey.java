package io.bodega.shared.keys;

/**
 * The server secret is missing or too weak; the message says what to set and how to make
 * one.
 */
public class MissingSecretKey extends IllegalStateException {

	MissingSecretKey(String message) {
		super(message);
	}

}

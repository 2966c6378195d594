package io.bodega.webhooks.endpoints;

import io.bodega.shared.Conflict;

/** An admin move that the endpoint's state does not allow. */
final class InvalidEndpointState extends Conflict {

	InvalidEndpointState(String detail) {
		super("invalid_state", detail);
	}

}

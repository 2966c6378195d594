package io.bodega.ordering;

import org.junit.jupiter.api.Test;

import org.springframework.security.access.AccessDeniedException;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The controller on its own, without Spring: what it does when the security rules did not
 * stop a request.
 */
class OrderControllerTests {

	@Test
	void myOrdersWithoutACallerIsRefusedAsUnauthenticatedNotANullPointer() {
		OrderController controller = new OrderController(null, null, null, 10);

		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> controller.mine(null, 20, null));
	}

}

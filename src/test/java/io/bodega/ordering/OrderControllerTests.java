package io.bodega.ordering;

import io.bodega.ordering.orders.OrderingProperties;

import java.time.Duration;
import java.time.ZoneId;

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
		OrderingProperties properties = new OrderingProperties(Duration.ofMinutes(15), 20, 10, Duration.ofHours(1), 10,
				ZoneId.of("UTC"), 10, Duration.ofSeconds(30));
		OrderController controller = new OrderController(null, null, null, null, null, null, properties);

		assertThatExceptionOfType(AccessDeniedException.class).isThrownBy(() -> controller.mine(null, 20, null));
	}

}

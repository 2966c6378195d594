package io.bodega.events;

import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Which events a reader wants; a null part does not filter. All given parts must match.
 */
public record EventFilter(@Nullable Set<String> types, @Nullable UUID customerId, @Nullable UUID orderId,
		@Nullable UUID productId) {

	public static final EventFilter ALL = new EventFilter(null, null, null, null);

	public boolean matches(LoggedEvent event) {
		return (types == null || types.contains(event.type()))
				&& (customerId == null || customerId.equals(event.customerId()))
				&& (orderId == null || orderId.equals(event.orderId()))
				&& (productId == null || productId.equals(event.productId()));
	}
}

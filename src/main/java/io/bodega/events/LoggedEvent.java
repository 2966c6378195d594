package io.bodega.events;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One committed event. {@code id} increases in commit order and is the same on every
 * node; {@code sequence} counts the events of its {@code subject} ({@code order:<id>},
 * {@code sku:<sku>}, {@code product:<id>}, {@code payment:<id>}, {@code customer:<id>},
 * {@code cart:<customer id>}) from 1; {@code data} is a JSON object.
 */
public record LoggedEvent(long id, String type, String subject, int sequence, @Nullable UUID customerId,
		@Nullable UUID orderId, @Nullable UUID productId, String data, Instant occurredAt) {
}

package io.bodega.inventory;

import org.jspecify.annotations.Nullable;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;

/** One line of the append-only stock ledger. */
public record StockMovement(long id, String sku, int onHandDelta, int reservedDelta, String reason,
		@Nullable String reference, @Nullable String note, @Nullable UUID actorId, Instant at) {

	/** Why stock moved. */
	public enum Reason {

		INITIAL, ORDER_PLACED, ORDER_PAID, ORDER_CANCELLED, ORDER_EXPIRED, ORDER_REFUNDED, ADMIN_ADJUSTMENT,
		SKU_REMOVED;

		String value() {
			return name().toLowerCase(Locale.ROOT);
		}

	}
}

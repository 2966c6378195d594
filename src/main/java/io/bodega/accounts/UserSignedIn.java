package io.bodega.accounts;

import java.util.UUID;

/**
 * A user signed in, published in the sign-in's transaction. {@code guestCartId} is the
 * cart the browser brought along (from the login body or its cart cookie), or null; the
 * cart module merges it into the user's cart.
 */
public record UserSignedIn(UUID userId, String guestCartId) {
}

package io.bodega.cart;

import java.util.UUID;

import io.bodega.shared.Money;

/**
 * A signed-in customer's cart changed (a line added, changed or removed, a guest cart
 * merged in at sign-in, or the cart emptied by checkout); published in the transaction of
 * the change. Guest carts announce nothing: nobody but the one browser holding the cart's
 * id could follow them. No cart id is carried, as cart ids are secrets.
 */
public record CartChanged(UUID customerId, int itemCount, Money subtotal) {
}

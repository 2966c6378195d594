/**
 * Carts: guest carts (the id is the secret) and customers' carts, lines by SKU at live
 * prices, and their totals (subtotal, shipping, tax). A guest cart merges into the
 * customer's cart at sign-in ({@link io.bodega.accounts.UserSignedIn}).
 * <p>
 * Public surface:
 * <ul>
 * <li>{@link io.bodega.cart.Carts}, the facade: {@code checkout(cartId, caller)}, which
 * takes a cart's lines out for an order and answers a
 * {@link io.bodega.cart.Carts.CheckoutCart} of {@link io.bodega.cart.Carts.Line}s and
 * {@link io.bodega.cart.Totals};</li>
 * <li>{@link io.bodega.cart.CartChanged}, the event of a customer's cart changing.</li>
 * </ul>
 */
@ApplicationModule(allowedDependencies = { "shared", "catalog", "inventory", "accounts" })
package io.bodega.cart;

import org.springframework.modulith.ApplicationModule;

/**
 * Carts: guest carts (the id is the secret) and customers' carts, lines by SKU at live
 * prices, and their totals (subtotal, shipping, tax). A guest cart merges into the
 * customer's cart at sign-in ({@link io.bodega.accounts.UserSignedIn}).
 * {@link io.bodega.cart.Carts} is the facade.
 */
@ApplicationModule(allowedDependencies = { "shared", "catalog", "inventory", "accounts" })
package io.bodega.cart;

import org.springframework.modulith.ApplicationModule;

/**
 * Checkout: a cart becomes an order, its stock reserved, in one transaction, with the
 * limits that keep checkout from being abused (guest checkouts per client address and per
 * e-mail, unpaid orders per customer). {@code Checkout} is public only for the module's
 * customer routes in the root package; Spring Modulith keeps this package internal to
 * ordering.
 */
package io.bodega.ordering.checkout;

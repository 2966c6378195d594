/**
 * Ordering: checkout (a cart becomes an order, its stock reserved, all in one
 * transaction, at most once per Idempotency-Key), the order state machine, customers' and
 * admins' views of orders, and the expiry of unpaid orders.
 * {@link io.bodega.ordering.Ordering} is the facade; consequences are announced as events
 * ({@code OrderPlaced}, ...).
 */
@ApplicationModule(allowedDependencies = { "shared", "catalog", "cart", "inventory", "audit", "notifications" })
package io.bodega.ordering;

import org.springframework.modulith.ApplicationModule;

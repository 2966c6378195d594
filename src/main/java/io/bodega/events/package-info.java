/**
 * The committed event log: one row for each business change (an order placed, a payment
 * failed, a product changed, stock moved, a customer signed up, a customer's cart
 * changed), written by the change's own transaction, so an event exists exactly when its
 * change committed. Ids increase in commit order and are the same on every node; each
 * node follows the log (PostgreSQL {@code LISTEN} for a wake-up, never the payload) and
 * hands new events to its live streams and the webhook dispatcher.
 * {@link io.bodega.events.EventLog} is the facade.
 */
@ApplicationModule(
		allowedDependencies = { "shared", "ordering", "payments", "catalog", "inventory", "accounts", "cart" })
package io.bodega.events;

import org.springframework.modulith.ApplicationModule;

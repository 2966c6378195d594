/**
 * The committed event log: one row for each business change (an order placed, a payment
 * failed, a product changed, stock moved, a customer signed up, a customer's cart
 * changed), written by the change's own transaction, so an event exists exactly when its
 * change committed. Ids increase in commit order and are the same on every node; each
 * node follows the log (PostgreSQL {@code LISTEN} for a wake-up, never the payload) and
 * hands new events to its live streams and the webhook dispatcher.
 * <p>
 * Public surface, for live and webhooks:
 * <ul>
 * <li>{@link io.bodega.events.EventLog}, the facade: {@code latestId()},
 * {@code oldestId()}, {@code bounds()} (an {@link io.bodega.events.EventLog.Bounds}) and
 * {@code after(afterId, filter, limit)};</li>
 * <li>{@link io.bodega.events.EventFilter} (which events a reader wants),
 * {@link io.bodega.events.LoggedEvent} (one committed event) and
 * {@link io.bodega.events.EventsCommitted} (the event this node publishes as it follows
 * the log);</li>
 * <li>{@link io.bodega.events.EventTypes}, the types' names, and
 * {@link io.bodega.events.EventData}, the one record of each type's {@code data}, which
 * the log stores and the webhook document shows.</li>
 * </ul>
 */
@ApplicationModule(
		allowedDependencies = { "shared", "ordering", "payments", "catalog", "inventory", "accounts", "cart" })
package io.bodega.events;

import org.springframework.modulith.ApplicationModule;

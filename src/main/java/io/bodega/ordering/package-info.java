/**
 * Ordering: checkout (a cart becomes an order, its stock reserved, all in one
 * transaction, at most once per Idempotency-Key), the order state machine, customers' and
 * admins' views of orders, and the expiry of unpaid orders.
 * <p>
 * Its public surface, and nothing wider:
 * <ul>
 * <li>{@link io.bodega.ordering.Ordering}, the facade other modules call:
 * {@code checkAccess}, {@code find}, {@code get}, {@code brief}, {@code payable},
 * {@code lockedStatus}, {@code markPaid} and {@code paymentFailed}, with the records
 * {@link io.bodega.ordering.Ordering.Brief} and
 * {@link io.bodega.ordering.Ordering.Payable};</li>
 * <li>{@link io.bodega.ordering.OrderId}, an order's id as the facade takes it, so that
 * no other id (a payment's, say) can be handed to it in its place, with {@code value()}
 * and {@code of(UUID)};</li>
 * <li>{@link io.bodega.ordering.OrderStatus}, the order's status as it crosses modules,
 * with {@code value()} and {@code of(String)}, its spelling in the API and the
 * database;</li>
 * <li>{@link io.bodega.ordering.OrderView} (with its {@code Line}, {@code Totals} and
 * {@code Address}), an order as the API shows it;</li>
 * <li>{@link io.bodega.ordering.OrderEvents}: {@code OrderPlaced}, {@code OrderPaid},
 * {@code OrderCancelled}, {@code OrderShipped}, {@code OrderDelivered} and
 * {@code OrderRefunded}, each an {@code OrderEvent} carrying the order's id, number,
 * status, customer, e-mail and total;</li>
 * <li>{@link io.bodega.ordering.GuestOrderToken}, how every route that takes an order's
 * token reads it.</li>
 * </ul>
 * Inside, in the root package, {@code OrderController} (the customers' order routes); the
 * rest in sub-packages that Spring Modulith keeps internal to the module:
 * {@code ordering.checkout} ({@code Checkout}, with its guest and unpaid-order limits),
 * {@code ordering.orders} (the {@code Order} aggregate whose transitions say what they
 * bring about, every move after checkout through one {@code move} in {@code OrderMoves},
 * the expiry of unpaid orders, reads, the timeline, the mails and
 * {@code OrderingProperties}) and {@code ordering.admin} (the staff's routes and the
 * summary).
 */
@ApplicationModule(allowedDependencies = { "shared", "catalog", "cart", "inventory", "audit", "notifications" })
package io.bodega.ordering;

import org.springframework.modulith.ApplicationModule;

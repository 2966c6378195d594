/**
 * The order itself after checkout: the {@code Order} aggregate with its state machine and
 * the rows it is loaded from and stored to ({@code Orders}), every move of it
 * ({@code OrderMoves}, and {@code OrderExpiry} for unpaid orders), who may follow it
 * ({@code OrderAccess}), how it is read ({@code OrderReader}, {@code OrderFilter}), its
 * timeline, the mails at each step, and the module's settings
 * ({@code OrderingProperties}).
 * <p>
 * What the facade, the customer routes, checkout and the admin routes use is public;
 * Spring Modulith keeps this package internal to ordering all the same, so no other
 * module can reach it.
 */
package io.bodega.ordering.orders;

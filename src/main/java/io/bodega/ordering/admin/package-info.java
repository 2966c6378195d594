/**
 * The staff's side of orders: the admin order routes (list and find with their filters,
 * the timeline and notes, ship, deliver, cancel, refund), the date range of the list's
 * {@code from}/{@code to}, and the admin summary (orders to ship, sales per day, stock
 * running low). Nothing here is public: the routes are all it offers.
 */
package io.bodega.ordering.admin;

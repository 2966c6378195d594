/**
 * The customers as the staff see them: the list, one customer with the state of their
 * sign-in, and lifting a sign-in lock. Internal to the accounts module.
 */
package io.bodega.accounts.customers;

/**
 * The shop's administrators: invitations and removal, the first administrator from the
 * environment, the development shop's administrator, and the start-up line that says how
 * to sign in. Internal to the accounts module.
 */
package io.bodega.accounts.staff;

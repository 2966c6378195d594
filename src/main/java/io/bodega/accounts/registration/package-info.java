/**
 * Proving who one is by mail: customers sign up and verify their e-mail address, and
 * anyone with an account may reset a forgotten password. Internal to the accounts module.
 */
package io.bodega.accounts.registration;

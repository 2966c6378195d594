/**
 * Accounts: users, server-side sessions, passwords (Argon2id, zxcvbn strength), e-mail
 * verification and password reset, sign-in throttling, roles, the staff (invitations,
 * removal) and the staff's view of customers, and the security filter chain that turns a
 * session token into the {@link io.bodega.shared.CurrentUser} every other module sees.
 * {@link io.bodega.accounts.Accounts} is the facade.
 */
@ApplicationModule(allowedDependencies = { "shared", "notifications", "audit" })
package io.bodega.accounts;

import org.springframework.modulith.ApplicationModule;

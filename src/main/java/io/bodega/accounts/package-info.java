/**
 * Accounts: users, server-side sessions, passwords (Argon2id, zxcvbn strength), e-mail
 * verification and password reset, sign-in throttling, roles, the staff (invitations,
 * removal) and the staff's view of customers, and the security filter chain that turns a
 * session token into the {@link io.bodega.shared.CurrentUser} every other module sees.
 *
 * <p>
 * The public surface, and all of it:
 * <ul>
 * <li>{@link io.bodega.accounts.Accounts}, the facade:
 * {@link io.bodega.accounts.Accounts#administratorEmails() administratorEmails()} (for
 * mail about the shop's own operation) and
 * {@link io.bodega.accounts.Accounts#liveSessions(java.util.Collection)
 * liveSessions(ids)} (which sessions a long-lived connection may still serve);</li>
 * <li>the events {@link io.bodega.accounts.CustomerRegistered} (a customer signed up) and
 * {@link io.bodega.accounts.UserSignedIn} (a user signed in, with the guest cart to
 * merge).</li>
 * </ul>
 * Everything else is the module's own, in this package or its sub-packages, which Spring
 * Modulith keeps internal: {@code users} (users, roles, password work, one-time tokens,
 * the security log, the settings), {@code sessions} (sessions, the session filter and
 * CORS, signing in, the throttle, changing the password), {@code registration} (sign-up,
 * e-mail verification, password reset), {@code staff} (invitations, removal, the first
 * and the development administrator) and {@code customers} (the staff's view of them).
 * This package keeps the facade, the events, the security configuration and the
 * {@code /auth} and {@code /me} routes, which span those parts.
 */
@ApplicationModule(allowedDependencies = { "shared", "notifications", "audit" })
package io.bodega.accounts;

import org.springframework.modulith.ApplicationModule;

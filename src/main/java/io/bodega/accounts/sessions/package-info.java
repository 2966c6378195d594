/**
 * Who is calling: server-side sessions and the filter that turns a token into the
 * request's user, CORS for the storefronts, signing in and out under the sign-in
 * throttle, and changing the password, which the throttle guards the same way. Public
 * types here are for the module's other packages (the security configuration among them);
 * Spring Modulith keeps them from other modules.
 */
package io.bodega.accounts.sessions;

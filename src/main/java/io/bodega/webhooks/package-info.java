/**
 * Outgoing webhooks (Standard Webhooks 1.0): admins register endpoints for event types;
 * every event of the committed event log is delivered once to every endpoint subscribed
 * to its type, signed, retried on a fixed schedule, in order per subject, from any node.
 * Nothing outside this module calls it.
 */
@ApplicationModule(allowedDependencies = { "shared", "events", "accounts", "notifications", "audit" })
package io.bodega.webhooks;

import org.springframework.modulith.ApplicationModule;

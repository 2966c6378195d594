/**
 * Outgoing webhooks (Standard Webhooks 1.0): admins register endpoints for event types;
 * every event of the committed event log is delivered once to every endpoint subscribed
 * to its type, signed, retried on a fixed schedule, in order per subject, from any node.
 * <p>
 * Two sub-packages, along the seam between what admins manage and what sends:
 * {@code webhooks.endpoints} holds the admin API (endpoints, their deliveries' log and
 * replays), the endpoint records it answers, the address policy every URL must pass and
 * the sealed signing secrets; {@code webhooks.delivery} holds the machinery that turns
 * the event log into deliveries (fan-out), claims and sends them (worker, sender,
 * signatures), records their outcomes with the retry schedule and the endpoints' health,
 * alerts the admins when an endpoint is disabled, and purges old deliveries. Each uses
 * the other's public types, which Spring Modulith keeps internal to this module. The root
 * package holds only the OpenAPI description of the messages ({@code WebhookMessages}).
 * <p>
 * Public surface: none. Nothing outside this module calls it: it reads the event log,
 * answers {@code /api/v1/admin/webhooks}, and asks accounts for the administrators'
 * addresses and notifications to mail them.
 */
@ApplicationModule(allowedDependencies = { "shared", "events", "accounts", "notifications", "audit" })
package io.bodega.webhooks;

import org.springframework.modulith.ApplicationModule;

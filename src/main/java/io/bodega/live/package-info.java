/**
 * Live updates: server-sent events to browsers, read from the committed event log. One
 * {@link io.bodega.live.LiveHub} per node hands the events it is told of
 * ({@link io.bodega.events.EventsCommitted}) to the open streams that may see them; each
 * stream is served by its request's own thread. A stream resumes on any node after
 * {@code Last-Event-ID}, because the log's ids increase in commit order.
 * <p>
 * Public surface: none. No other module calls this one: it listens to
 * {@code EventsCommitted} and answers HTTP (the {@code .../events} streams and the stream
 * tickets), so every type in it is package-private.
 */
@ApplicationModule(allowedDependencies = { "shared", "events", "accounts", "ordering", "catalog" })
package io.bodega.live;

import org.springframework.modulith.ApplicationModule;

package io.bodega.events;

import java.util.List;

/**
 * Events committed anywhere in the cluster that this node had not handed over yet, in id
 * order, each exactly once per node. Published on the log's own thread, outside any
 * transaction: listeners must return quickly.
 */
public record EventsCommitted(List<LoggedEvent> events) {
}

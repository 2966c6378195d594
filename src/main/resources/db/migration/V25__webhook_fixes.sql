-- webhooks: deliveries that cannot be sent are parked out of the claim's way, and the claim counts each endpoint's
-- deliveries in flight.

-- Pending deliveries of a disabled endpoint wait at 'infinity' (not due) until it is enabled again.
update webhook_deliveries d set next_attempt_at = 'infinity'
from webhook_endpoints e
where e.id = d.endpoint_id and not e.enabled and d.status = 'pending' and d.lease is null;

-- The claim caps the deliveries in flight per endpoint: those leased right now.
create index webhook_deliveries_leased_idx on webhook_deliveries (endpoint_id) where lease is not null;

-- Endpoints are listed by id; nothing reads them by creation time.
drop index webhook_endpoints_newest_idx;

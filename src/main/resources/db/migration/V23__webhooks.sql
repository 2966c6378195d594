-- webhooks: the endpoints admins register, one delivery per event per subscribed endpoint, and every attempt.

-- An endpoint. Its signing secrets are sealed with AES-GCM under a key derived from BODEGA_SECRET_KEY (never stored in
-- plain); during the 24 h after a rotation the previous secret signs too.
create table webhook_endpoints (
    id                    uuid primary key,
    url                   text        not null check (length(url) between 8 and 2000),
    description           text        not null default '' check (length(description) <= 500),
    event_types           text[]      not null check (cardinality(event_types) between 1 and 50),
    enabled               boolean     not null default true,
    -- why it is disabled: 'admin' (by hand), 'gone' (it answered 410), 'failing' (no success for days)
    disabled_reason       text check (disabled_reason in ('admin', 'gone', 'failing')),
    check (enabled = (disabled_reason is null)),
    secret                bytea       not null,
    previous_secret       bytea,
    previous_secret_until timestamptz,
    -- the last event_log id the fan-out has looked at for this endpoint
    event_cursor          bigint      not null,
    -- the first failed attempt since the last success; null while it is healthy
    failing_since         timestamptz,
    created_at            timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
create index webhook_endpoints_newest_idx on webhook_endpoints (created_at desc, id desc);
create index webhook_endpoints_fan_out_idx on webhook_endpoints (event_cursor) where enabled;

-- One message to one endpoint: its body is fixed when it is made, so every retry and replay sends the same bytes
-- under the same webhook-id.
create table webhook_deliveries (
    id              uuid primary key,
    endpoint_id     uuid        not null references webhook_endpoints (id) on delete cascade,
    event_id        bigint,                       -- the event_log id; null for a test message
    webhook_id      text        not null,         -- the webhook-id header
    event_type      text        not null,
    subject         text        not null,         -- deliveries of one subject reach one endpoint in event order
    body            text        not null,
    status          text        not null check (status in ('pending', 'succeeded', 'failed')),
    attempts        integer     not null default 0,
    -- failed attempts since the delivery was made or last replayed: the step of the retry schedule
    failures        integer     not null default 0,
    next_attempt_at timestamptz,                  -- when pending: due time, or the end of a claim's lease
    lease           uuid,                         -- the claim being sent right now, if any
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    check ((status = 'pending') = (next_attempt_at is not null)),
    unique (endpoint_id, event_id)
);
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_order_idx on webhook_deliveries (endpoint_id, subject, event_id) where status = 'pending';
create index webhook_deliveries_list_idx on webhook_deliveries (endpoint_id, id desc);
-- the purge of deliveries finished long ago (BODEGA_WEBHOOK_KEEP)
create index webhook_deliveries_completed_idx on webhook_deliveries (completed_at) where status <> 'pending';

-- Every attempt: what was answered (status, the first KB of the body) or what went wrong.
create table webhook_attempts (
    id            bigint generated always as identity primary key,
    delivery_id   uuid        not null references webhook_deliveries (id) on delete cascade,
    attempted_at  timestamptz not null,
    status_code   integer,
    duration_ms   integer     not null,
    response_body text,
    error         text
);
create index webhook_attempts_delivery_idx on webhook_attempts (delivery_id, id);

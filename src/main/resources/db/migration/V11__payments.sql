-- payments: every attempt to pay an order, and the webhook events already handled.

create table payments (
    id             uuid primary key,
    order_id       uuid        not null,
    method         text        not null,
    status         text        not null check (status in ('pending', 'succeeded', 'failed')),
    amount         bigint      not null check (amount >= 0),
    currency       char(3)     not null,
    provider_ref   text        not null unique,
    card_last4     text,
    failure_reason text,
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);
-- An order is never charged twice: at most one payment of an order is pending or succeeded, whatever races.
create unique index payments_one_live_per_order on payments (order_id) where status in ('pending', 'succeeded');

create table payment_webhook_events (
    provider    text        not null,
    event_id    text        not null,
    received_at timestamptz not null default now(),
    primary key (provider, event_id)
);

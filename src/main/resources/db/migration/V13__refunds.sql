-- refunds: money given back for a payment. The payment keeps its row, now 'refunded', and its refund is recorded
-- beside it: one per payment, because only full refunds exist for now.

alter table payments drop constraint payments_status_check;
alter table payments add constraint payments_status_check
    check (status in ('pending', 'succeeded', 'failed', 'refunded'));

-- Still "an order is never charged twice": a refunded payment did charge its order, so it keeps its place in the
-- index and no second live payment can ever stand beside it (the order was cancelled or refunded anyway).
drop index payments_one_live_per_order;
create unique index payments_one_live_per_order on payments (order_id)
    where status in ('pending', 'succeeded', 'refunded');

create table refunds (
    id           uuid primary key,
    payment_id   uuid        not null unique references payments (id),
    amount       bigint      not null check (amount >= 0),
    currency     char(3)     not null,
    reason       text        not null,
    provider_ref text        not null unique,
    created_at   timestamptz not null default now()
);

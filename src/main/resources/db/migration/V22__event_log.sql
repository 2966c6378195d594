-- The committed event log (events.EventLog): one row per business change, written by the change's own transaction.
-- Ids come from event_log_ids only while that transaction holds the log's advisory lock, just before it commits, so
-- they increase in commit order: a reader that has seen id n has seen every committed event below n, and "id > n"
-- resumes without loss on any node. A rolled-back transaction leaves a gap, never a phantom.
create sequence event_log_ids;

create table event_log (
    id          bigint      not null primary key,
    type        text        not null,
    subject     text        not null,
    sequence    integer     not null check (sequence > 0),
    customer_id uuid,
    order_id    uuid,
    product_id  uuid,
    data        jsonb       not null,
    occurred_at timestamptz not null default now(),
    unique (subject, sequence)
);
create index event_log_by_customer on event_log (customer_id, id) where customer_id is not null;
create index event_log_by_order on event_log (order_id, id) where order_id is not null;
create index event_log_by_product on event_log (product_id, id) where product_id is not null;
create index event_log_by_time on event_log (occurred_at);

-- The last sequence number of each subject ('order:<id>', 'sku:<sku>', ...), kept when old events are purged so a
-- subject's numbers are never reused.
create table event_subjects (
    subject  text    not null primary key,
    sequence integer not null
);

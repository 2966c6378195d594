-- ordering: each order's timeline (what happened to it, when, and who did it) with the staff's notes, written in the
-- transaction of each change; and the indexes the admin order list's filters and the admin summary read by.

create table order_timeline (
    id              bigint generated always as identity primary key,
    order_id        uuid        not null references orders (id) on delete cascade,
    at              timestamptz not null default now(),
    kind            text        not null check (kind in ('placed', 'paid', 'payment_failed', 'shipped', 'delivered',
                                                          'cancelled', 'refunded', 'note')),
    actor_type      text        not null check (actor_type in ('customer', 'guest', 'staff', 'system', 'unknown')),
    actor_id        uuid,
    actor_email     text,
    carrier         text,
    tracking_number text,
    -- why: a cancellation's (customer, admin, expired) or a failed payment's (card_declined, not_charged, ...)
    reason          text,
    note            text check (length(note) between 1 and 2000),
    check ((kind = 'note') = (note is not null))
);
-- An order's entries in the order they were written: ids grow with each change, which the order's row lock serialises.
create index order_timeline_order_idx on order_timeline (order_id, id);

-- Orders placed before the timeline existed get it back from their timestamp columns. Who placed an order is known
-- (its customer, or a guest); who made the later moves is not, nor why an order was cancelled.
insert into order_timeline (order_id, at, kind, actor_type, actor_id, actor_email, carrier, tracking_number)
select o.id, e.at, e.kind,
       case when e.kind <> 'placed' then 'unknown' when o.user_id is null then 'guest' else 'customer' end,
       case when e.kind = 'placed' then o.user_id end,
       case when e.kind = 'placed' then o.email end,
       case when e.kind = 'shipped' then o.carrier end,
       case when e.kind = 'shipped' then o.tracking_number end
from orders o
cross join lateral (values (1, 'placed', o.created_at), (2, 'paid', o.paid_at), (3, 'shipped', o.shipped_at),
                           (4, 'delivered', o.delivered_at), (5, 'cancelled', o.cancelled_at),
                           (6, 'refunded', o.refunded_at)) as e (step, kind, at)
where e.at is not null
order by o.created_at, o.id, e.step;

-- The admin order list: every filter reads newest first by an index of its own (status and customer have theirs).
create index orders_created_idx on orders (created_at desc, id desc);
create index orders_email_idx on orders (lower(email), created_at desc, id desc);
-- The admin summary's sales of the last days: only orders that count as sales, with what it adds up, so the days are
-- read from the index alone. Status changes already leave the row for the status index, so this costs no HOT update.
create index orders_sales_idx on orders (created_at) include (total, currency)
    where status in ('paid', 'shipped', 'delivered');

-- inventory: the stock list, by SKU without regard to case, in byte order whatever the database's collation, so a
-- SKU prefix is an index range. Only the never-changing sku is indexed: stock updates stay HOT.
create index stock_items_sku_ci_idx on stock_items ((lower(sku) collate "C"), (sku collate "C"));

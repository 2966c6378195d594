-- payments: a charge the provider reports as succeeded after Bodega recorded its payment as failed (declined first,
-- or given up by reconciliation) is never dropped. When the order was meanwhile paid by another payment, the late
-- charge is recorded as a duplicate and refunded at once. The one-live-payment rule is about the order's own payment,
-- so a duplicate stands outside it.
alter table payments add column duplicate boolean not null default false;

drop index payments_one_live_per_order;
create unique index payments_one_live_per_order on payments (order_id)
    where status in ('pending', 'succeeded', 'refunded') and not duplicate;

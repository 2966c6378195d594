-- payments: the built-in test_card gateway keeps its charges as a real provider would, in a table of its own, by
-- Bodega's payment id (the provider-side idempotency key). Bodega asks it how a charge ended when it lost the answer.

create table test_card_charges (
    payment_id     uuid primary key,
    reference      text        not null unique,
    order_number   text,
    status         text        not null check (status in ('pending', 'succeeded', 'failed')),
    failure_reason text,
    amount         bigint      not null check (amount >= 0),
    currency       char(3)     not null,
    -- An asynchronous charge that has settled and whose webhook Bodega has not yet acknowledged with a 2xx.
    webhook_due    boolean     not null default false,
    created_at     timestamptz not null default now()
);

-- Charges made before this table existed, so the provider can still settle and report them.
insert into test_card_charges (payment_id, reference, order_number, status, failure_reason, amount, currency)
select p.id, p.provider_ref, null, case when p.status = 'refunded' then 'succeeded' else p.status end,
       p.failure_reason, p.amount, p.currency
from payments p
where p.method = 'test_card' and p.provider_ref like 'tc\_%';

-- inventory: the stock ledger. Every movement of every SKU, append-only; stock_items is what it adds up to.

create table stock_movements (
    id             bigint generated always as identity primary key,
    sku            text        not null,
    on_hand_delta  integer     not null,
    reserved_delta integer     not null,
    reason         text        not null check (reason in ('initial', 'order_placed', 'order_paid', 'order_cancelled',
                                                           'order_expired', 'order_refunded', 'admin_adjustment',
                                                           'sku_removed')),
    reference      text,
    note           text check (length(note) <= 500),
    actor_id       uuid,
    at             timestamptz not null default now(),
    check (on_hand_delta <> 0 or reserved_delta <> 0 or reason in ('initial', 'admin_adjustment'))
);
create index stock_movements_sku_idx on stock_movements (sku, id);

-- Stock that existed before the ledger enters it as its opening balance.
insert into stock_movements (sku, on_hand_delta, reserved_delta, reason, reference)
select sku, on_hand, reserved, 'initial', 'opening balance' from stock_items;

-- Append-only, whatever the code does.
create function stock_movements_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the stock ledger is append-only';
end $$;
create trigger stock_movements_append_only before update or delete on stock_movements
    for each statement execute function stock_movements_append_only();

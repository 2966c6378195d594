-- inventory: stock per SKU. The CHECK constraints make oversell impossible whatever the code does.

create table stock_items (
    sku        text primary key,
    on_hand    integer     not null check (on_hand >= 0),
    reserved   integer     not null default 0 check (reserved >= 0),
    updated_at timestamptz not null default now(),
    constraint stock_reserved_within_on_hand check (reserved <= on_hand)
);

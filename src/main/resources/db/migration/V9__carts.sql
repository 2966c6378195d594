-- cart: carts and their lines. A cart's id is its secret (256 random bits): whoever holds it may use a guest cart;
-- a cart bound to a user answers only to that user.

create table carts (
    id         text primary key check (id ~ '^[A-Za-z0-9_-]{43}$'),
    user_id    uuid,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index carts_user_idx on carts (user_id, updated_at desc) where user_id is not null;

create table cart_lines (
    cart_id  text        not null references carts (id) on delete cascade,
    sku      text        not null,
    quantity integer     not null check (quantity between 1 and 99),
    added_at timestamptz not null default now(),
    primary key (cart_id, sku)
);

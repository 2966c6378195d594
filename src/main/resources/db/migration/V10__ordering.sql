-- ordering: orders with their lines (prices snapshotted at checkout), and the human-readable order numbers.

create sequence order_number_seq;

create table orders (
    id               uuid primary key,
    number           text        not null unique,
    user_id          uuid,
    email            text        not null check (length(email) between 3 and 254),
    status           text        not null check (status in ('pending_payment', 'paid', 'shipped', 'delivered',
                                                            'cancelled', 'refunded')),
    token_hash       bytea       not null,
    shipping_address jsonb       not null,
    currency         char(3)     not null,
    subtotal         bigint      not null check (subtotal >= 0),
    shipping         bigint      not null check (shipping >= 0),
    tax              bigint      not null check (tax >= 0),
    included_tax     bigint      not null check (included_tax >= 0),
    total            bigint      not null check (total = subtotal + shipping + tax),
    carrier          text,
    tracking_number  text,
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now(),
    expires_at       timestamptz,
    paid_at          timestamptz,
    shipped_at       timestamptz,
    delivered_at     timestamptz,
    cancelled_at     timestamptz,
    refunded_at      timestamptz
);
create index orders_user_idx on orders (user_id, created_at desc) where user_id is not null;
create index orders_status_idx on orders (status, created_at desc);
create index orders_expiry_idx on orders (expires_at) where status = 'pending_payment';

create table order_lines (
    order_id   uuid    not null references orders (id) on delete cascade,
    position   integer not null,
    sku        text    not null,
    title      text    not null,
    quantity   integer not null check (quantity between 1 and 99),
    unit_price bigint  not null check (unit_price >= 0),
    line_total bigint  not null check (line_total = unit_price * quantity),
    primary key (order_id, position)
);

-- shared: idempotency records. A key belongs to one caller; the first answer is kept and replayed.
create table idempotency_keys (
    caller          text        not null,
    key             text        not null check (length(key) between 1 and 255),
    fingerprint     text        not null,
    state           text        not null check (state in ('in_progress', 'done')),
    response_status integer,
    response_body   bytea,
    created_at      timestamptz not null default now(),
    completed_at    timestamptz,
    primary key (caller, key)
);
create index idempotency_keys_created_idx on idempotency_keys (created_at);

-- catalog: categories (a tree), products, their variants and images.

create table categories (
    id         uuid primary key,
    slug       text        not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    name       text        not null check (length(name) between 1 and 100),
    parent_id  uuid references categories (id),
    created_at timestamptz not null default now(),
    check (parent_id <> id)
);
create index categories_parent_idx on categories (parent_id);

create table products (
    id          uuid primary key,
    slug        text        not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120),
    title       text        not null check (length(title) between 1 and 200),
    description text        not null default '' check (length(description) <= 20000),
    status      text        not null check (status in ('draft', 'active', 'archived')),
    -- The lowest variant price, kept by the catalog on every variant change: lists filter and sort on it.
    min_price   bigint,
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    search      tsvector generated always as (
                    setweight(to_tsvector('english', title), 'A') ||
                    setweight(to_tsvector('english', description), 'B')) stored
);
create index products_search_idx on products using gin (search);
create index products_newest_idx on products (status, created_at desc, id desc);
create index products_price_idx on products (status, min_price, id);

create table product_categories (
    product_id  uuid not null references products (id) on delete cascade,
    category_id uuid not null references categories (id) on delete cascade,
    primary key (product_id, category_id)
);
create index product_categories_category_idx on product_categories (category_id, product_id);

create table variants (
    id           uuid primary key,
    product_id   uuid        not null references products (id) on delete cascade,
    sku          text        not null unique check (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$'),
    title        text        not null default '' check (length(title) <= 200),
    options      jsonb       not null default '{}',
    price_amount bigint      not null check (price_amount >= 0),
    currency     char(3)     not null,
    position     integer     not null default 0,
    -- A read model of inventory's onHand - reserved, kept by the StockChanged event in the same transaction.
    available    integer     not null default 0 check (available >= 0),
    created_at   timestamptz not null default now()
);
create index variants_product_idx on variants (product_id, position);

create table product_images (
    id           uuid primary key,
    product_id   uuid        not null references products (id) on delete cascade,
    content_hash text        not null,
    extension    text        not null check (extension in ('jpg', 'png', 'webp')),
    content_type text        not null,
    width        integer,
    height       integer,
    position     integer     not null default 0,
    created_at   timestamptz not null default now()
);
create index product_images_product_idx on product_images (product_id, position);

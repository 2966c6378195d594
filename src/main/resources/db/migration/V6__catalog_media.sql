-- catalog: uploaded image bytes, by content hash. Every node can serve any image: the files under
-- BODEGA_DATA_DIR/media are a cache of this table, filled on first request.
create table media_blobs (
    content_hash text primary key check (content_hash ~ '^[0-9a-f]{64}$'),
    content_type text        not null,
    bytes        bytea       not null,
    created_at   timestamptz not null default now()
);

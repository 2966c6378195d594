-- audit: every admin change, who made it and what it changed.
create table audit_log (
    id          bigint generated always as identity primary key,
    at          timestamptz not null default now(),
    actor_id    uuid,
    actor_email text,
    action      text        not null,
    entity_type text        not null,
    entity_id   text        not null,
    before      jsonb,
    after       jsonb
);
create index audit_log_entity_idx on audit_log (entity_type, entity_id, id desc);

-- shared: secrets every node must agree on (such as the key that signs list cursors), made once on first start.
create table node_secrets (
    name       text primary key,
    secret     bytea       not null,
    created_at timestamptz not null default now()
);

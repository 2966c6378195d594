-- accounts: users, their server-side sessions, one-time tokens and failed sign-ins.

create table users (
    id                  uuid primary key,
    email               text        not null check (length(email) between 3 and 254),
    name                text        not null check (length(name) between 1 and 100),
    password_hash       text        not null,
    role                text        not null check (role in ('customer', 'admin')),
    email_verified      boolean     not null default false,
    created_at          timestamptz not null default now(),
    password_changed_at timestamptz not null default now()
);
-- E-mails are compared case-insensitively; the database makes "one account per e-mail" a fact, races included.
create unique index users_email_key on users (lower(email));

create table user_sessions (
    id           uuid primary key,
    token_hash   bytea       not null unique, -- SHA-256 of the bearer token; the token itself is never stored
    user_id      uuid        not null references users (id) on delete cascade,
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    idle_seconds integer     not null check (idle_seconds > 0),
    expires_at   timestamptz not null,         -- the absolute limit, whatever the activity
    user_agent   text,
    ip_address   text
);
create index user_sessions_user_idx on user_sessions (user_id);
create index user_sessions_expires_idx on user_sessions (expires_at);

create table one_time_tokens (
    token_hash bytea primary key,
    user_id    uuid        not null references users (id) on delete cascade,
    purpose    text        not null check (purpose in ('password_reset', 'email_verification')),
    created_at timestamptz not null default now(),
    expires_at timestamptz not null,
    used_at    timestamptz
);
create index one_time_tokens_user_idx on one_time_tokens (user_id, purpose);

-- One row per sign-in attempt that is under way or failed; counted per account and per client address.
create table login_attempts (
    id         bigint generated always as identity primary key,
    email      text        not null,
    ip_address text        not null,
    at         timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email, at);
create index login_attempts_ip_idx on login_attempts (ip_address, at);

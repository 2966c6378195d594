-- notifications: outgoing mail, written in the transaction that causes it and sent by a job on any node.

create table mail_outbox (
    id              bigint generated always as identity primary key,
    recipient       text        not null,
    subject         text        not null,
    body            text,                    -- cleared once sent: reset links must not linger
    created_at      timestamptz not null default now(),
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    sent_at         timestamptz,
    failed_at       timestamptz,
    last_error      text
);
create index mail_outbox_pending_idx on mail_outbox (next_attempt_at) where sent_at is null and failed_at is null;

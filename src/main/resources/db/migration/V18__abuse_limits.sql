-- shared: claims against abuse limits (registrations per address and in all, guest checkouts per address and per
-- e-mail, declined card payments per order and per address), counted here so every node sees the same counts.
create table rate_limit_claims (
    id         bigint generated always as identity primary key,
    kind       text        not null,
    subject    text        not null,
    ref        text,
    expires_at timestamptz not null
);
create index rate_limit_claims_subject_idx on rate_limit_claims (kind, subject, expires_at);
create index rate_limit_claims_ref_idx on rate_limit_claims (ref) where ref is not null;

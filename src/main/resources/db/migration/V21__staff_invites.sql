-- accounts: invitations to join the staff, and the index the admin customer list walks.

-- A pending invitation; accepting, revoking or re-inviting the e-mail removes its row, so a token works at most once.
create table staff_invites (
    id               uuid primary key,
    email            text        not null check (length(email) between 3 and 254),
    name             text        not null check (length(name) between 1 and 100),
    token_hash       bytea       not null unique, -- SHA-256 of the mailed token; the token itself is never stored
    invited_by       uuid        not null,        -- no foreign key: the inviter may be removed before it is accepted
    invited_by_email text        not null,
    created_at       timestamptz not null default now(),
    expires_at       timestamptz not null
);
-- One pending invitation per e-mail: inviting it again replaces the row (and kills the old token).
create unique index staff_invites_email_key on staff_invites (lower(email));
create index staff_invites_newest_idx on staff_invites (created_at desc, id desc);

-- The admin customer list, newest first, pages along this index (a search filters as it walks it).
create index users_customers_newest_idx on users (created_at desc, id desc) where role = 'customer';
create index users_admins_newest_idx on users (created_at desc, id desc) where role = 'admin';

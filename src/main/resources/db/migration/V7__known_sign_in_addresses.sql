-- accounts: where each e-mail has signed in successfully. From such an address its owner may still sign in while
-- others' guesses have locked the account. Rows older than 90 days no longer count and are purged.

create table known_sign_in_addresses (
    email        text        not null, -- lower-case, as login_attempts has it
    ip_address   text        not null, -- the throttle's address key: an IPv6 client by its /64
    last_success timestamptz not null default now(),
    primary key (email, ip_address)
);
create index known_sign_in_addresses_last_success_idx on known_sign_in_addresses (last_success);

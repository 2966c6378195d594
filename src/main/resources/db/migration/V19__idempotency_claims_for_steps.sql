-- shared: a request whose work commits steps of its own and waits on the outside world between them (a payment: the
-- card is charged between two transactions) claims its key in a short transaction instead of holding one open for
-- the whole request. The claim lasts until running_until; the answer replaces it. A claim whose node died expires.
alter table idempotency_keys add column running_until timestamptz;

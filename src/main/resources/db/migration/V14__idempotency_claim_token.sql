-- shared: every claim of an idempotency key gets a random token, set again when a stale claim is taken over. A run
-- completes or frees the record only while the token is still its own, so a slow run whose claim was taken over
-- can neither overwrite nor delete the record of the run that took it. Records written before have none (null).
alter table idempotency_keys add column claim uuid;

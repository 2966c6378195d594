-- shared: the keys that signed cursors and webhooks, sealed idempotent answers and fingerprinted requests were kept
-- here, in the database they protect, so a copy of it could forge webhooks and reverse fingerprints. They are now
-- derived from BODEGA_SECRET_KEY, which lives outside the database. Requests kept under the old keys no longer match
-- their fingerprint: repeating one is answered 422 idempotency_key_reused, never run twice.
drop table node_secrets;

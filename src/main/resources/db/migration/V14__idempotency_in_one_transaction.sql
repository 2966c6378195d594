-- shared: an idempotent request now runs in one transaction under an advisory lock, and its record is written only
-- with its answer; claims in progress are gone. Claims left by the old way are unfinished requests: they are freed.
delete from idempotency_keys where state = 'in_progress';
alter table idempotency_keys drop column state, drop column completed_at;
alter table idempotency_keys alter column response_status set not null, alter column response_body set not null;

package io.bodega.shared.db;

import io.bodega.testing.ApiTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clean-up job far behind deletes everything due, a batch per statement (so no
 * statement outgrows the statement bound), and nothing else.
 */
class PurgesTests extends ApiTest {

	@Test
	void deletesEveryDueRowInBatchesAndNoOther() {
		String caller = "purge-test-" + uniqueWord();
		int due = Purges.BATCH * 2 + 17;
		jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body, created_at)
				select ?, 'k' || n, 'f', 201, '', now() - interval '2 days' from generate_series(1, ?) n""")
			.params(caller, due)
			.update();
		jdbc.sql("""
				insert into idempotency_keys (caller, key, fingerprint, response_status, response_body)
				values (?, 'fresh', 'f', 201, '')""").param(caller).update();

		int deleted = Purges.delete(jdbc, "idempotency_keys", "caller = ? and created_at < now() - interval '1 day'",
				caller);

		assertThat(deleted).isEqualTo(due);
		assertThat(
				jdbc.sql("select key from idempotency_keys where caller = ?").param(caller).query(String.class).list())
			.containsExactly("fresh");
	}

}
